import { fieldsOf } from '../store/fields.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { newId } from '../store/ids.ts';
import { createCycleInvoice } from './cycle-invoice.ts';
import { collectInvoice } from './dunning.ts';
import { finalizeInvoice, markUncollectible, voidInvoice } from './invoice-lifecycle.ts';
import { periodEndAfter, type Interval } from './periods.ts';
import { paymentMethodFor } from './invoice-lifecycle.ts';
import { periodOf, primaryItem, setPeriod } from './subscription-items.ts';
import { endSubscription, setStatus } from './subscription-status.ts';

const RENEWAL_FIELDS = ['items', 'latest_invoice', 'status'] as const;

export function nextPeriodEnd(subscription: Stripe.Subscription, from: number): number {
  const recurring = primaryItem(subscription).price.recurring;
  return periodEndAfter(
    subscription.billing_cycle_anchor,
    (recurring?.interval ?? 'month') as Interval,
    recurring?.interval_count ?? 1,
    from,
  );
}

function hasPaymentMethod(emulator: Emulator, subscription: Stripe.Subscription): boolean {
  const customer = emulator.db.customers.get(subscription.customer as string);
  return Boolean(subscription.default_payment_method || customer?.invoice_settings.default_payment_method);
}

/** A trial that ends without a card follows `trial_settings.end_behavior.missing_payment_method`. */
function endTrialWithoutCard(emulator: Emulator, subscription: Stripe.Subscription, at: number): boolean {
  const behaviour = subscription.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (behaviour === 'create_invoice' || hasPaymentMethod(emulator, subscription)) return false;
  if (behaviour === 'cancel') {
    endSubscription(emulator, subscription, at, 'cancellation_requested');
  } else {
    setStatus(emulator, subscription, 'paused', at);
    emulator.emit('customer.subscription.paused', subscription, at);
  }
  return true;
}

/** The end of a period: cancel if asked to, otherwise start the next period and invoice it. */
export function renewSubscription(emulator: Emulator, subscription: Stripe.Subscription, at: number): void {
  if (
    subscription.cancel_at_period_end ||
    (subscription.cancel_at !== null && subscription.cancel_at <= at)
  ) {
    endSubscription(emulator, subscription, at, 'cancellation_requested');
    return;
  }
  const endingTrial = subscription.status === 'trialing';
  if (endingTrial && endTrialWithoutCard(emulator, subscription, at)) return;
  // A renewal changes the items' periods, the latest invoice and (ending a trial) the status only.
  const before = fieldsOf(subscription, RENEWAL_FIELDS);
  const period = { start: periodOf(subscription).end, end: nextPeriodEnd(subscription, at) };
  const invoiceId = newId('in');
  setPeriod(subscription, period.start, period.end);
  subscription.latest_invoice = invoiceId;
  if (endingTrial) subscription.status = 'active';
  emulator.db.subscriptions.put(subscription);
  emulator.emitUpdated('customer.subscription.updated', before, subscription, at);
  const invoice = createCycleInvoice(emulator, subscription, period, 'subscription_cycle', at, {
    includePending: true,
    invoiceId,
  });
  const pause = subscription.pause_collection;
  if (pause) {
    if (pause.behavior === 'keep_as_draft') return;
    finalizeInvoice(emulator, invoice, at);
    if (invoice.status === 'open') {
      if (pause.behavior === 'void') voidInvoice(emulator, invoice, at);
      else markUncollectible(emulator, invoice, at);
    }
    return;
  }
  if (subscription.status === 'unpaid') {
    finalizeInvoice(emulator, invoice, at);
    return;
  }
  collectInvoice(emulator, invoice, at, {
    offSession: true,
    paymentMethod: paymentMethodFor(emulator, invoice) ?? undefined,
  });
}
