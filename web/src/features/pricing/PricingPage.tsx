import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { hasCode } from '../../api/errors';
import { Banner } from '../../ui/Banner';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { useSession } from '../auth/session';
import { useBilling } from '../billing/queries';
import { useCheckout } from '../checkout/use-checkout';
import { IntervalToggle } from './IntervalToggle';
import { PlanCard } from './PlanCard';
import { bestYearlyPercent, type Interval } from './plans';
import { usePlans } from './plans';

export function PricingPage() {
  const plans = usePlans();
  const session = useSession();
  const checkout = useCheckout();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const [interval, setInterval] = useState<Interval>('month');
  const resumed = useRef(false);
  const notice = (location.state as { notice?: string } | null)?.notice;

  // Coming back from login with ?checkout=<priceId>: carry on where the visitor left off.
  const resumePriceId = params.get('checkout');
  useEffect(() => {
    if (!resumePriceId || resumed.current || !session.data) return;
    resumed.current = true;
    setParams({}, { replace: true });
    checkout.start(resumePriceId);
  }, [resumePriceId, session.data, checkout, setParams]);

  const status = useBilling(Boolean(session.data));
  const billing = session.data ? (status.data ?? session.data.billing) : null;

  return (
    <Page
      title="Plans and pricing"
      lead="Start with a free trial, pay monthly or save with a yearly plan. Passes give you access for a fixed number of days, no renewal."
    >
      {notice ? <Banner tone="info">{notice}</Banner> : null}
      {checkout.error ? (
        <div className="stack">
          <FormError error={checkout.error} />
          {hasCode(checkout.error, 'ALREADY_SUBSCRIBED') ? (
            <p>
              You already have a subscription. <Link to="/billing">Change your plan on the billing page</Link>
              .
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="pricing__controls">
        <IntervalToggle
          value={interval}
          onChange={setInterval}
          yearlyPercent={plans.data ? bestYearlyPercent(plans.data) : 0}
        />
      </div>
      {plans.isPending ? (
        <Loading label="Loading plans…" minHeight={420} />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
      ) : plans.data.length === 0 ? (
        <Empty>No plans are on sale right now.</Empty>
      ) : (
        <ul className="grid grid--3 plain-list" aria-label="Plans">
          {plans.data.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              interval={interval}
              billing={billing}
              pendingPriceId={checkout.pendingPriceId}
              onCheckout={(price) => checkout.start(price.id)}
            />
          ))}
        </ul>
      )}
      <p className="muted section">
        Payments are handled by Stripe. You can cancel any time from your billing page.
      </p>
    </Page>
  );
}
