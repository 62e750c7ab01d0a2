import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { attemptInvoicePayment, finalizeInvoice } from './invoice-lifecycle.ts';
import type { PaymentOutcome } from './payments.ts';
import { DAY } from './periods.ts';
import { endSubscription, setStatus } from './subscription-status.ts';

function subscriptionOf(emulator: Emulator, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = invoice.parent?.subscription_details?.subscription;
  return typeof id === 'string' ? emulator.db.subscriptions.get(id) : undefined;
}

/**
 * After a failed renewal, Stripe retries on the dunning schedule (days after the first failure)
 * and, when retries run out, cancels the subscription, marks it unpaid or leaves it past_due.
 */
function scheduleRetry(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription,
  now: number,
): void {
  const state = emulator.db.invoiceState.get(invoice.id) ?? {
    id: invoice.id,
    firstFailedAt: null,
    retriesDone: 0,
  };
  state.firstFailedAt ??= now;
  emulator.db.invoiceState.put(state);
  const nextDay = emulator.dunning.retryDays[state.retriesDone];
  if (nextDay !== undefined) {
    invoice.next_payment_attempt = state.firstFailedAt + nextDay * DAY;
    emulator.db.invoices.put(invoice);
    emulator.retrying.add(invoice.id);
    if (subscription.status === 'active' || subscription.status === 'trialing')
      setStatus(emulator, subscription, 'past_due', now);
    return;
  }
  invoice.next_payment_attempt = null;
  emulator.db.invoices.put(invoice);
  const action = emulator.dunning.finalAction;
  if (action === 'cancel') endSubscription(emulator, subscription, now, 'payment_failed');
  else if (action === 'unpaid') setStatus(emulator, subscription, 'unpaid', now);
  else if (subscription.status !== 'past_due') setStatus(emulator, subscription, 'past_due', now);
}

export function afterPayment(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  outcome: PaymentOutcome,
  now: number,
): void {
  const subscription = subscriptionOf(emulator, invoice);
  if (!subscription) return;
  if (outcome.status === 'succeeded') {
    emulator.db.invoiceState.delete(invoice.id);
    if (
      subscription.status === 'incomplete' ||
      subscription.status === 'past_due' ||
      subscription.status === 'unpaid'
    ) {
      setStatus(
        emulator,
        subscription,
        subscription.trial_end && subscription.trial_end > now ? 'trialing' : 'active',
        now,
      );
    }
    return;
  }
  // The first invoice is not retried: the subscription stays incomplete until paid or expired.
  if (invoice.billing_reason === 'subscription_create') return;
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') return;
  scheduleRetry(emulator, invoice, subscription, now);
}

/** Finalize (if needed) and try to collect a subscription invoice, then update the subscription. */
export function collectInvoice(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  now: number,
  options: { offSession: boolean; paymentMethod?: string },
): PaymentOutcome {
  if (invoice.status === 'draft') finalizeInvoice(emulator, invoice, now);
  const outcome: PaymentOutcome =
    invoice.status === 'paid'
      ? { status: 'succeeded' }
      : attemptInvoicePayment(emulator, invoice, now, { ...options, deferFailureEvent: true });
  afterPayment(emulator, invoice, outcome, now);
  if (outcome.status !== 'succeeded' && outcome.status !== 'requires_action') {
    emulator.emit('invoice.payment_failed', emulator.db.invoices.get(invoice.id) ?? invoice, now);
  }
  return outcome;
}

/** A scheduled retry from the dunning schedule. */
export function retryInvoice(emulator: Emulator, invoice: Stripe.Invoice, now: number): void {
  const state = emulator.db.invoiceState.get(invoice.id);
  if (state) {
    state.retriesDone += 1;
    emulator.db.invoiceState.put(state);
  }
  invoice.next_payment_attempt = null;
  collectInvoice(emulator, invoice, now, { offSession: true });
}
