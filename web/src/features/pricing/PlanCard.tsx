import { Link } from 'react-router';
import type { Billing, Plan, Price } from '../../api/types';
import { featureLabel, formatMoney } from '../../ui/format';
import { hasLiveSubscription, passPrices, recurringPrice, yearlySaving, type Interval } from './plans';

interface PlanCardProps {
  plan: Plan;
  interval: Interval;
  billing: Billing | null;
  pendingPriceId: string | null;
  onCheckout: (price: Price) => void;
}

export function PlanCard({ plan, interval, billing, pendingPriceId, onCheckout }: PlanCardProps) {
  const price =
    recurringPrice(plan, interval) ?? recurringPrice(plan, interval === 'year' ? 'month' : 'year');
  const saving = yearlySaving(plan);
  // A plan without prices is the free tier: current for any signed-in user without paid access.
  const isFree = plan.prices.length === 0;
  const isCurrent = billing
    ? isFree
      ? !billing.isPro
      : billing.plan?.id === plan.id && billing.isPro
    : false;
  const subscribed = hasLiveSubscription(billing);
  const headingId = `plan-${plan.id}`;
  const busy = pendingPriceId !== null;

  return (
    <li className={`card plan${isCurrent ? ' plan--current' : ''}`} aria-labelledby={headingId}>
      <div className="row">
        <h2 id={headingId}>{plan.name}</h2>
        {isCurrent ? <span className="badge badge--info">Current plan</span> : null}
      </div>
      <p className="muted">{plan.description}</p>
      {isFree ? (
        <p className="plan__price">
          {formatMoney(0, 'usd')}
          <span className="plan__per"> forever</span>
        </p>
      ) : price ? (
        <p className="plan__price">
          {formatMoney(price.amount, price.currency)}
          <span className="plan__per"> / {price.interval === 'year' ? 'year' : 'month'}</span>
        </p>
      ) : (
        <p className="plan__price">Passes only</p>
      )}
      {/* Space is reserved even when empty so toggling the period does not shift the cards. */}
      <p className="plan__saving">
        {interval === 'year' && saving && price?.interval === 'year'
          ? `Save ${formatMoney(saving.amount, saving.currency)} a year (${saving.percent}%)`
          : ''}
      </p>
      <ul className="plan__features" aria-label={`${plan.name} features`}>
        {plan.features.map((feature) => (
          <li key={feature}>{featureLabel(feature)}</li>
        ))}
      </ul>
      <div className="plan__actions">
        {isFree && !billing ? (
          <Link to="/register" className="button button--secondary">
            Sign up free
          </Link>
        ) : null}
        {price ? (
          isCurrent && subscribed ? (
            <Link to="/billing" className="button button--secondary">
              Manage your plan
            </Link>
          ) : subscribed ? (
            <Link
              to={`/billing?changeTo=${encodeURIComponent(price.id)}`}
              className="button button--secondary"
            >
              Switch to {plan.name}
            </Link>
          ) : (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => onCheckout(price)}
            >
              {pendingPriceId === price.id
                ? 'Opening checkout…'
                : plan.trialDays > 0
                  ? `Start ${plan.trialDays}-day free trial`
                  : 'Subscribe'}
            </button>
          )
        ) : null}
        {passPrices(plan).map((pass) => (
          <button
            key={pass.id}
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => onCheckout(pass)}
            aria-label={`Buy a ${pass.durationDays}-day ${plan.name} pass for ${formatMoney(pass.amount, pass.currency)}`}
          >
            {pendingPriceId === pass.id
              ? 'Opening checkout…'
              : `Buy ${pass.durationDays}-day pass · ${formatMoney(pass.amount, pass.currency)}`}
          </button>
        ))}
      </div>
    </li>
  );
}
