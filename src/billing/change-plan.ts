import type { User } from '../platform/db/schema/index.ts';
import { conflict, validationFailed } from '../platform/errors.ts';
import {
  changeSubscriptionPrice,
  previewPriceChange,
  retrieveSubscription,
} from '../stripe/subscriptions.ts';
import type { BillingDeps } from './billing-deps.ts';
import { loadBilling } from './load-billing.ts';
import { liveSubscriptionOf } from './manage-subscription.ts';
import { stripePriceIdFor } from './stripe-price.ts';
import { applySubscription } from './sync/apply-subscription.ts';

async function target(deps: BillingDeps, user: User, priceId: string) {
  const price = deps.catalog.price(priceId);
  if (!price || price.type !== 'recurring')
    throw validationFailed({ priceId: 'is not a recurring price of the catalog' });
  const current = await liveSubscriptionOf(deps, user);
  if (current.priceId === price.id) throw conflict('You are already on this price.', 'SAME_PRICE');
  const subscription = await retrieveSubscription(deps.stripe.client, current.id);
  return { price, subscription, stripePriceId: await stripePriceIdFor(deps.db, price) };
}

/** What the change would cost now: credit for unused time, charge for the new price (Stripe's maths). */
export async function previewPlanChange(deps: BillingDeps, user: User, priceId: string) {
  const { subscription, stripePriceId } = await target(deps, user, priceId);
  const invoice = await previewPriceChange(deps.stripe.client, subscription, stripePriceId);
  return {
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    lines: invoice.lines.data.map((line) => ({ description: line.description ?? '', amount: line.amount })),
    nextBillingAt: invoice.next_payment_attempt
      ? new Date(invoice.next_payment_attempt * 1000).toISOString()
      : new Date(invoice.period_end * 1000).toISOString(),
  };
}

export async function changePlan(deps: BillingDeps, user: User, priceId: string) {
  const { subscription, stripePriceId } = await target(deps, user, priceId);
  await applySubscription(
    deps,
    await changeSubscriptionPrice(deps.stripe.client, subscription, stripePriceId),
  );
  return loadBilling(deps.db, deps.catalog, user.id, deps.clock.now());
}
