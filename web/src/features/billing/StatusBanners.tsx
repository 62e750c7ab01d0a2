import { Link } from 'react-router';
import type { Billing } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { formatDate } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { billingView } from './billing-view';
import { PortalButton } from './PortalButton';
import { useBillingAction } from './queries';

/** Situations that need the customer's action get a banner at the top, with the action right in it. */
export function StatusBanners({ billing }: { billing: Billing }) {
  const view = billingView(billing);
  const retry = useBillingAction('/api/billing/retry-payment');
  const resume = useBillingAction('/api/billing/resume');

  if (view === 'past_due' || view === 'problem') {
    return (
      <Banner tone="danger" title="Your last payment failed">
        <p>
          We could not charge your card. Update your payment method, then retry the payment to keep your
          access.
        </p>
        <div className="row">
          <PortalButton label="Update card" tone="primary" />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => retry.mutate()}
            disabled={retry.isPending}
          >
            {retry.isPending ? 'Retrying…' : 'Retry payment'}
          </button>
        </div>
        {retry.isSuccess ? (
          <p role="status">Payment retried. Status: {retry.data.status.replace('_', ' ')}.</p>
        ) : null}
        <FormError error={retry.error} />
      </Banner>
    );
  }
  if (view === 'pending_cancel') {
    return (
      <Banner tone="warning" title="Your subscription is set to cancel">
        <p>
          You keep access until {formatDate(billing.currentPeriodEnd ?? billing.accessUntil)}. After that you
          will not be charged again.
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => resume.mutate()}
          disabled={resume.isPending}
        >
          {resume.isPending ? 'Resuming…' : 'Resume subscription'}
        </button>
        <FormError error={resume.error} />
      </Banner>
    );
  }
  if (view === 'ended') {
    return (
      <Banner tone="info" title="Your access has ended">
        <p>
          Your {billing.plan?.name ?? 'paid'} access ended on{' '}
          {formatDate(billing.accessUntil ?? billing.currentPeriodEnd)}.{' '}
          <Link to="/pricing">Choose a plan</Link> to continue.
        </p>
      </Banner>
    );
  }
  return null;
}
