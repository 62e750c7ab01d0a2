import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';

export function setStatus(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  status: Stripe.Subscription.Status,
  now: number,
): void {
  const previous = subscription.status;
  if (previous === status) return;
  subscription.status = status;
  emulator.db.subscriptions.put(subscription);
  // Only the status changed, so that is all `previous_attributes` can hold (what `emitUpdated` finds).
  emulator.emit('customer.subscription.updated', subscription, now, { status: previous });
}

/** Ending a subscription: canceled (or incomplete_expired), with `customer.subscription.deleted`. */
export function endSubscription(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  now: number,
  reason: Stripe.Subscription.CancellationDetails.Reason,
  status: 'canceled' | 'incomplete_expired' = 'canceled',
): void {
  subscription.status = status;
  subscription.canceled_at ??= now;
  subscription.ended_at = now;
  subscription.cancel_at_period_end = false;
  subscription.cancellation_details = {
    comment: subscription.cancellation_details?.comment ?? null,
    feedback: subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason,
  };
  emulator.db.subscriptions.put(subscription);
  // Pending prorations are dropped with the subscription.
  for (const item of emulator.pendingInvoiceItems(subscription.id)) emulator.db.invoiceItems.delete(item.id);
  emulator.emit('customer.subscription.deleted', subscription, now);
}

export function isLive(subscription: Stripe.Subscription): boolean {
  return ['active', 'trialing', 'past_due', 'unpaid', 'paused'].includes(subscription.status);
}
