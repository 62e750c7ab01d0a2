import { Link, useSearchParams } from 'react-router';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';
import { usePlans } from '../pricing/plans';
import { billingView, isSubscriptionLive } from './billing-view';
import { BillingSummary } from './BillingSummary';
import { CancelSubscription } from './CancelSubscription';
import { ChangePlan } from './ChangePlan';
import { EmailPreferences } from './EmailPreferences';
import { InvoicesTable } from './InvoicesTable';
import { PaymentsTable } from './PaymentsTable';
import { PortalButton } from './PortalButton';
import { useBilling } from './queries';
import { StatusBanners } from './StatusBanners';

export function BillingPage() {
  const billing = useBilling();
  const plans = usePlans();
  const [params] = useSearchParams();

  return (
    <Page title="Billing" lead="Your plan, payments and invoices.">
      {billing.isPending ? (
        <Loading label="Loading your billing details…" minHeight={200} />
      ) : billing.isError ? (
        <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />
      ) : (
        <div className="stack">
          <StatusBanners billing={billing.data} />
          <BillingSummary billing={billing.data} />
          <div className="row">
            {billingView(billing.data) === 'free' || billingView(billing.data) === 'ended' ? (
              <Link to="/pricing" className="button button--primary">
                See plans
              </Link>
            ) : null}
            {billing.data.status !== 'none' ? <PortalButton /> : null}
          </div>
          {isSubscriptionLive(billing.data) && plans.data ? (
            <ChangePlan billing={billing.data} plans={plans.data} initialPriceId={params.get('changeTo')} />
          ) : null}
          {isSubscriptionLive(billing.data) && !billing.data.cancelAtPeriodEnd ? (
            <CancelSubscription billing={billing.data} />
          ) : null}
        </div>
      )}
      <InvoicesTable />
      <PaymentsTable />
      <EmailPreferences />
    </Page>
  );
}
