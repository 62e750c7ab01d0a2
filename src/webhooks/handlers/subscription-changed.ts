import type Stripe from 'stripe';
import { applySubscription } from '../../billing/sync/apply-subscription.ts';
import { retrieveSubscription } from '../../stripe/subscriptions.ts';
import type { EventHandler } from './types.ts';

/** customer.subscription.created|updated|deleted|paused|resumed|trial_will_end: mirror the new state. */
export const subscriptionChanged: EventHandler = async (deps, event) => {
  const subscription = event.data.object as Stripe.Subscription;
  let result = await applySubscription(deps, subscription, event.created);
  // Same second as the stored state: only Stripe knows which is current.
  if (result === 'refetch')
    result = await applySubscription(deps, await retrieveSubscription(deps.stripe.client, subscription.id));
  return result === 'unknown_customer' ? 'ignored' : 'processed';
};
