import { Link } from 'react-router';
import type { Billing } from '../../api/types';
import { formatDate, humanize, plural } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';
import { billingView, daysLeft } from './billing-view';

const sourceLabel: Record<string, string> = {
  subscription: 'Subscription',
  one_time: 'One-time pass',
  admin_grant: 'Granted by support',
};

/** The facts a customer looks for first: what plan, in what state, and what happens next. */
export function BillingSummary({ billing }: { billing: Billing }) {
  const view = billingView(billing);
  const periodEnd = billing.currentPeriodEnd ?? billing.accessUntil;

  return (
    <section className="card" aria-labelledby="plan-heading">
      <div className="section__header">
        <h2 id="plan-heading">{billing.plan ? `${billing.plan.name} plan` : 'Free plan'}</h2>
        <StatusBadge status={billing.status} label={billing.status === 'none' ? 'Free' : undefined} />
      </div>
      {view === 'free' ? (
        <p>
          You are on the free plan. <Link to="/pricing">Compare plans</Link> to unlock premium features.
        </p>
      ) : (
        <dl className="facts">
          {billing.source ? (
            <>
              <dt>Type</dt>
              <dd>{sourceLabel[billing.source] ?? humanize(billing.source)}</dd>
            </>
          ) : null}
          {view === 'trialing' ? (
            <>
              <dt>Trial ends</dt>
              <dd>
                {formatDate(billing.trialEnd)}{' '}
                <span className="badge badge--info">
                  {plural(daysLeft(billing, billing.trialEnd) ?? 0, 'day')} left
                </span>
              </dd>
              <dt>First payment</dt>
              <dd>
                {billing.autoRenew ? formatDate(billing.trialEnd ?? periodEnd) : 'None — trial will end'}
              </dd>
            </>
          ) : null}
          {view === 'active' || view === 'past_due' || view === 'problem' ? (
            <>
              <dt>{billing.autoRenew ? 'Next billing date' : 'Access until'}</dt>
              <dd>{formatDate(periodEnd)}</dd>
            </>
          ) : null}
          {view === 'pending_cancel' ? (
            <>
              <dt>Access ends</dt>
              <dd>{formatDate(periodEnd)}</dd>
            </>
          ) : null}
          {view === 'pass' ? (
            <>
              <dt>Access until</dt>
              <dd>
                {formatDate(billing.accessUntil)}{' '}
                {daysLeft(billing, billing.accessUntil) !== null ? (
                  <span className="muted">
                    ({plural(daysLeft(billing, billing.accessUntil) ?? 0, 'day')} left)
                  </span>
                ) : null}
              </dd>
            </>
          ) : null}
          {view === 'ended' ? (
            <>
              <dt>Access ended</dt>
              <dd>{formatDate(billing.accessUntil ?? billing.currentPeriodEnd)}</dd>
            </>
          ) : null}
        </dl>
      )}
    </section>
  );
}
