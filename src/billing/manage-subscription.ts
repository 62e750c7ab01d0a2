import { eq } from 'drizzle-orm';
import { subscriptions, type SubscriptionRow, type User } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import { cancelSubscriptionNow, setCancelAtPeriodEnd } from '../stripe/subscriptions.ts';
import type { BillingDeps } from './billing-deps.ts';
import { isLive } from './domain/subscription-access.ts';
import { currentSubscription, loadBilling } from './load-billing.ts';
import { applySubscription } from './sync/apply-subscription.ts';

export const noSubscription = () =>
  new AppError(409, 'NO_SUBSCRIPTION', 'You have no subscription to change.');

export async function liveSubscriptionOf(deps: BillingDeps, user: User): Promise<SubscriptionRow> {
  const subscription = await currentSubscription(deps.db, user.id);
  if (!subscription || !isLive(subscription)) throw noSubscription();
  return subscription;
}

/** Cancels at the period end (the default: access stays until then) or at once; keeps the reason for analytics. */
export async function cancelSubscription(
  deps: BillingDeps,
  user: User,
  input: { atPeriodEnd: boolean; reason?: string | undefined; feedback?: string | undefined },
) {
  const subscription = await liveSubscriptionOf(deps, user);
  // The reason is ours, not Stripe's: store it first, so it is kept whatever the webhooks do.
  await deps.db
    .update(subscriptions)
    .set({ cancellationReason: input.reason ?? null, cancellationFeedback: input.feedback ?? null })
    .where(eq(subscriptions.id, subscription.id));
  const updated = input.atPeriodEnd
    ? await setCancelAtPeriodEnd(deps.stripe.client, subscription.id, true)
    : await cancelSubscriptionNow(deps.stripe.client, subscription.id);
  await applySubscription(deps, updated);
  return loadBilling(deps.db, deps.catalog, user.id, deps.clock.now());
}

/** Undoes a pending cancel; resuming a subscription that is not being cancelled changes nothing. */
export async function resumeSubscription(deps: BillingDeps, user: User) {
  const subscription = await liveSubscriptionOf(deps, user);
  if (subscription.cancelAtPeriodEnd) {
    await applySubscription(deps, await setCancelAtPeriodEnd(deps.stripe.client, subscription.id, false));
  }
  return loadBilling(deps.db, deps.catalog, user.id, deps.clock.now());
}
