import { Link } from 'react-router';
import type { User } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { formatDate } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Loading } from '../../ui/States';
import { useBilling } from '../billing/queries';
import { features, hasFeature } from './access';
import { AiGenerator } from './AiGenerator';
import { ReportPanel } from './ReportPanel';

export function DashboardPage({ user }: { user: User }) {
  const status = useBilling();
  const title = `Welcome${user.name ? `, ${user.name}` : ''}`;
  if (status.isPending) {
    return (
      <Page title={title}>
        <Loading label="Loading your plan…" minHeight={360} />
      </Page>
    );
  }
  // If the status call fails, the profile's copy is good enough to decide what to offer.
  const billing = status.data ?? user.billing;
  const hasAccess = billing.isPro;
  return (
    <Page title={title}>
      {hasAccess ? (
        <Banner tone="success" title={`You're on ${billing.plan?.name ?? 'a paid plan'}`}>
          <p>
            {billing.status === 'trialing'
              ? `Your trial runs until ${formatDate(billing.trialEnd)}. `
              : billing.source === 'subscription' && billing.autoRenew && !billing.cancelAtPeriodEnd
                ? `Renews on ${formatDate(billing.currentPeriodEnd)}. `
                : billing.accessUntil
                  ? `Access until ${formatDate(billing.accessUntil)}. `
                  : ''}
            <Link to="/billing">Manage billing</Link>
          </p>
        </Banner>
      ) : (
        <Banner tone="info" title="You're on the free plan">
          <p>
            Premium features are shown below so you know what you get. <Link to="/pricing">Upgrade</Link> to
            unlock them.
          </p>
        </Banner>
      )}
      {billing.status === 'past_due' ? (
        <Banner tone="danger" title="Your last payment failed">
          <p>
            <Link to="/billing">Update your card</Link> to keep your access.
          </p>
        </Banner>
      ) : null}
      <div className="grid grid--2">
        <ReportPanel hasAccess={hasFeature(billing, features.report)} />
        <AiGenerator hasAccess={hasFeature(billing, features.ai)} />
      </div>
    </Page>
  );
}
