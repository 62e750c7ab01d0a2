import type Stripe from 'stripe';
import { applySubscription } from '../../billing/sync/apply-subscription.ts';
import { retrieveSubscription } from '../../stripe/subscriptions.ts';
import type { EventHandler } from './types.ts';
import type { BillingDeps } from '../../billing/billing-deps.ts';
import { mailUser } from '../../billing/sync/lifecycle-emails.ts';
import { catalogPriceFor, fromUnix, idOf, userIdForCustomer } from '../../billing/sync/stripe-ids.ts';
import { trialEndingEmail } from '../../email/templates/lifecycle.ts';

/** customer.subscription.created|updated|deleted|paused|resumed|trial_will_end: mirror the new state. */
export const subscriptionChanged: EventHandler = async (deps, event) => {
  const subscription = event.data.object as Stripe.Subscription;
  let result = await applySubscription(deps, subscription, { kind: 'event', created: event.created });
  // Same second as the stored state: only Stripe knows which is current.
  if (result === 'refetch') {
    const current = await retrieveSubscription(deps.stripe.client, subscription.id);
    result = await applySubscription(deps, current, { kind: 'refetch', created: event.created });
  }
  if (result === 'unknown_customer') return 'ignored';
  if (event.type === 'customer.subscription.trial_will_end' && subscription.trial_end) {
    await mailTrialEnding(deps, subscription);
  }
  return 'processed';
};

async function mailTrialEnding(deps: BillingDeps, subscription: Stripe.Subscription) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const userId = await userIdForCustomer(tx, idOf(subscription.customer));
    if (!userId) return;
    const { planId } = catalogPriceFor(subscription.items.data[0]!.price, deps.catalog);
    await mailUser(tx, userId, now, (user) => ({
      dedupeKey: `trial-ending:${subscription.id}:${subscription.trial_end}`,
      kind: 'trial_ending',
      ...trialEndingEmail({
        name: user.name,
        appUrl: deps.appUrl,
        planName: deps.catalog.plan(planId ?? '')?.name ?? 'your plan',
        trialEnd: fromUnix(subscription.trial_end!),
      }),
    }));
  });
}
