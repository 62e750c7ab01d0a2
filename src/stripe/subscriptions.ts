import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

export const retrieveSubscription = (stripe: Stripe, id: string) =>
  callStripe(() => stripe.subscriptions.retrieve(id));

export const setCancelAtPeriodEnd = (stripe: Stripe, id: string, cancel: boolean) =>
  callStripe(() => stripe.subscriptions.update(id, { cancel_at_period_end: cancel }));

export const cancelSubscriptionNow = (stripe: Stripe, id: string) =>
  callStripe(() => stripe.subscriptions.cancel(id));

/** Swaps the single item's price; Stripe prorates to the second and invoices the difference now. */
export function changeSubscriptionPrice(
  stripe: Stripe,
  subscription: Stripe.Subscription,
  stripePriceId: string,
) {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  return callStripe(() =>
    stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: stripePriceId }],
      proration_behavior: 'always_invoice',
      cancel_at_period_end: false,
    }),
  );
}

export function previewPriceChange(stripe: Stripe, subscription: Stripe.Subscription, stripePriceId: string) {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  return callStripe(() =>
    stripe.invoices.createPreview({
      customer: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
      subscription: subscription.id,
      subscription_details: {
        items: [{ id: item.id, price: stripePriceId }],
        proration_behavior: 'always_invoice',
      },
    }),
  );
}

export async function* listAllSubscriptions(stripe: Stripe) {
  for await (const subscription of stripe.subscriptions.list({ status: 'all', limit: 100 }))
    yield subscription;
}
