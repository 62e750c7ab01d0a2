import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { cardError, invalidRequest } from '../server/errors.ts';
import { newId } from '../store/ids.ts';
import { createCycleInvoice } from './cycle-invoice.ts';
import { discountEnd, type AppliedDiscount } from './discounts.ts';
import { collectInvoice } from './dunning.ts';
import { finalizeInvoice } from './invoice-lifecycle.ts';
import { boundary, DAY, type Interval } from './periods.ts';
import { buildItem } from './subscription-items.ts';
import { setStatus } from './subscription-status.ts';
import { declineFor } from './test-cards.ts';
import type { PaymentOutcome } from './payments.ts';

export interface NewSubscription {
  customer: Stripe.Customer;
  items: { price: Stripe.Price; quantity: number; metadata: Record<string, string> }[];
  trialEnd: number | null;
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  description: string | null;
  paymentBehavior:
    'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  cancelAtPeriodEnd: boolean;
  discount: { coupon: Stripe.Coupon; promotionCode: string | null } | null;
  missingPaymentMethod: 'cancel' | 'create_invoice' | 'pause';
  /** Checkout charges on-session (3-D Secure may be asked); API-created subscriptions too unless off_session. */
  offSession: boolean;
}

function buildSubscription(emulator: Emulator, input: NewSubscription, now: number): Stripe.Subscription {
  const id = newId('sub');
  const first = input.items[0]!.price;
  const interval = (first.recurring?.interval ?? 'month') as Interval;
  const count = first.recurring?.interval_count ?? 1;
  const anchor = input.trialEnd ?? now;
  const period = { start: now, end: input.trialEnd ?? boundary(anchor, interval, count, 1) };
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: input.cancelAtPeriodEnd,
    canceled_at: input.cancelAtPeriodEnd ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first.currency,
    customer: input.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: input.discount ? [`di_${id.slice(4)}`] : [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: {
      object: 'list',
      data: input.items.map((item) => buildItem(id, item.price, item.quantity, item.metadata, now, period)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: input.trialEnd ? 'trialing' : 'incomplete',
    test_clock: input.customer.test_clock as string | null,
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.missingPaymentMethod },
    },
    trial_start: input.trialEnd ? now : null,
  };
}

function chargedMethod(emulator: Emulator, input: NewSubscription): string | null {
  if (input.defaultPaymentMethod) return input.defaultPaymentMethod;
  const fallback = input.customer.invoice_settings.default_payment_method;
  return typeof fallback === 'string' ? fallback : null;
}

/** `error_if_incomplete` must fail with 402 before anything exists, as Stripe rolls the creation back. */
function refuseIfWouldFail(emulator: Emulator, input: NewSubscription): void {
  if (input.paymentBehavior !== 'error_if_incomplete' || input.trialEnd) return;
  const method = chargedMethod(emulator, input);
  if (!method)
    throw invalidRequest(
      'This customer has no attached payment source or default payment method.',
      'customer',
    );
  const decline = declineFor(emulator.db.cards.get(method)?.behaviour ?? 'succeed', true);
  if (decline) throw cardError(decline.message, decline.code, decline.declineCode);
}

export function createSubscription(
  emulator: Emulator,
  input: NewSubscription,
): { subscription: Stripe.Subscription; outcome: PaymentOutcome | null } {
  const now = emulator.nowForCustomer(input.customer.id);
  if (input.trialEnd !== null && input.trialEnd <= now)
    throw invalidRequest('Invalid timestamp: must be in the future.', 'trial_end');
  const currencies = new Set(input.items.map((item) => item.price.currency));
  if (currencies.size > 1)
    throw invalidRequest('All prices on a subscription must have the same currency.', 'items');
  refuseIfWouldFail(emulator, input);
  const subscription = buildSubscription(emulator, input, now);
  const discount: AppliedDiscount | null = input.discount
    ? {
        id: `di_${subscription.id.slice(4)}`,
        coupon: input.discount.coupon,
        promotionCode: input.discount.promotionCode,
        start: now,
        end: discountEnd(input.discount.coupon, now),
      }
    : null;
  emulator.db.subscriptionState.put({
    id: subscription.id,
    trialWillEndSentFor: null,
    discount: discount
      ? { coupon: discount.coupon.id, promotionCode: discount.promotionCode, endsAt: discount.end }
      : null,
  });
  const invoiceId = newId('in');
  subscription.latest_invoice = invoiceId;
  emulator.db.subscriptions.put(subscription);
  emulator.subscriptionsOnClock(subscription.test_clock as string | null).add(subscription.id);
  emulator.emit('customer.subscription.created', subscription, now);
  const period = { start: now, end: subscription.items.data[0]!.current_period_end };
  const invoice = createCycleInvoice(emulator, subscription, period, 'subscription_create', now, {
    includePending: false,
    invoiceId,
  });
  if (input.trialEnd) {
    // A trial's first invoice is for zero and is paid on finalization.
    finalizeInvoice(emulator, invoice, now);
    return { subscription, outcome: null };
  }
  if (input.paymentBehavior === 'default_incomplete') {
    finalizeInvoice(emulator, invoice, now);
    if (invoice.status === 'paid') setStatus(emulator, subscription, 'active', now);
    return { subscription, outcome: null };
  }
  const outcome = collectInvoice(emulator, invoice, now, { offSession: input.offSession });
  return { subscription, outcome };
}

export function trialEndFrom(days: number | undefined, now: number): number | null {
  return days ? now + days * DAY : null;
}
