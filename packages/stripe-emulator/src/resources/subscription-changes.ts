import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { planItemChanges } from '../billing/subscription-change.ts';
import { applyItemChange } from '../billing/subscription-update.ts';
import { periodOf } from '../billing/subscription-items.ts';
import { endSubscription, setStatus } from '../billing/subscription-status.ts';
import { createCycleInvoice } from '../billing/cycle-invoice.ts';
import { collectInvoice } from '../billing/dunning.ts';
import { boundary, type Interval } from '../billing/periods.ts';
import { invalidRequest } from '../server/errors.ts';
import { mergeMetadata, orNull, snapshot } from './common.ts';
import { redeem, resolveDiscount } from './coupon-lookup.ts';
import type { SubscriptionParams } from './subscription-params.ts';
import { paymentMethodParam, resolveItems } from './subscription-inputs.ts';
import { newId } from '../store/ids.ts';

function changePause(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  pause: SubscriptionParams['pause_collection'],
): void {
  if (pause === undefined) return;
  subscription.pause_collection =
    pause === '' ? null : { behavior: pause.behavior, resumes_at: pause.resumes_at ?? null };
}

export function update(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  params: SubscriptionParams,
): Stripe.Subscription {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(
      'A canceled subscription can only update its cancellation_details and metadata.',
      params.items ? 'items' : undefined,
    );
  }
  const customerId = subscription.customer as string;
  const now = emulator.nowForCustomer(customerId);
  const before = snapshot(subscription);
  const prorationDate =
    params.proration_date === undefined || params.proration_date === 'now' ? now : params.proration_date;
  // Everything that can be refused is checked before anything changes: a 400 leaves no partial write.
  if (params.items && params.items.length > 0)
    planItemChanges(subscription, resolveItems(emulator, params.items), now);
  if (params.cancel_at !== undefined && params.cancel_at !== '' && params.cancel_at <= now) {
    throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
  }
  if (params.trial_end !== undefined && params.trial_end !== 'now' && params.trial_end <= now) {
    throw invalidRequest('Invalid timestamp: must be in the future.', 'trial_end');
  }
  if (params.discounts !== '' && (params.discounts?.[0] || params.promotion_code || params.coupon)) {
    resolveDiscount(
      emulator,
      params.discounts?.[0] ?? { promotion_code: params.promotion_code, coupon: params.coupon },
      'discounts[0]',
      now,
    );
  }
  if (params.default_payment_method !== undefined) {
    subscription.default_payment_method =
      params.default_payment_method === ''
        ? null
        : paymentMethodParam(emulator, customerId, params.default_payment_method);
  }
  if (params.metadata !== undefined)
    subscription.metadata = mergeMetadata(subscription.metadata, params.metadata);
  if (params.description !== undefined) subscription.description = orNull(params.description);
  if (params.cancellation_details) {
    subscription.cancellation_details = {
      reason: subscription.cancellation_details?.reason ?? null,
      comment: orNull(params.cancellation_details.comment) ?? null,
      feedback: (orNull(params.cancellation_details.feedback) ??
        null) as Stripe.Subscription.CancellationDetails.Feedback | null,
      feedback_option: null,
    };
  }
  if (params.cancel_at_period_end !== undefined) {
    subscription.cancel_at_period_end = params.cancel_at_period_end;
    subscription.cancel_at = params.cancel_at_period_end ? periodOf(subscription).end : null;
    subscription.canceled_at = params.cancel_at_period_end ? now : null;
    if (params.cancel_at_period_end)
      subscription.cancellation_details = {
        ...subscription.cancellation_details!,
        reason: 'cancellation_requested',
      };
    else
      subscription.cancellation_details = {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: null,
      };
  }
  if (params.cancel_at !== undefined) {
    if (params.cancel_at !== '' && params.cancel_at <= now)
      throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
    subscription.cancel_at = params.cancel_at === '' ? null : params.cancel_at;
    subscription.cancel_at_period_end =
      subscription.cancel_at !== null && subscription.cancel_at === periodOf(subscription).end;
    subscription.canceled_at = subscription.cancel_at === null ? null : now;
  }
  changePause(emulator, subscription, params.pause_collection);
  if (params.trial_end !== undefined) changeTrial(subscription, params.trial_end, now);
  if (params.discounts !== undefined || params.promotion_code || params.coupon)
    changeDiscount(emulator, subscription, params, now);
  emulator.db.subscriptions.put(subscription);
  if (params.items && params.items.length > 0) {
    const plan = planItemChanges(subscription, resolveItems(emulator, params.items), now);
    if (plan.changes.length > 0 || plan.intervalChanged) {
      applyItemChange(
        emulator,
        subscription,
        plan,
        params.proration_behavior ?? 'create_prorations',
        prorationDate,
      );
    } else {
      subscription.items = { ...subscription.items, data: plan.items };
    }
  }
  if (params.trial_end === 'now' && before.status === 'trialing') endTrialNow(emulator, subscription, now);
  emulator.emitUpdated('customer.subscription.updated', before, subscription, now);
  return subscription;
}

function changeTrial(subscription: Stripe.Subscription, trialEnd: number | 'now', now: number): void {
  if (trialEnd === 'now') return;
  if (trialEnd <= now) throw invalidRequest('Invalid timestamp: must be in the future.', 'trial_end');
  subscription.trial_end = trialEnd;
  subscription.trial_start ??= now;
  subscription.status = 'trialing';
  subscription.billing_cycle_anchor = trialEnd;
  for (const item of subscription.items.data) item.current_period_end = trialEnd;
}

/** `trial_end=now` ends the trial and starts billing immediately with a new cycle. */
function endTrialNow(emulator: Emulator, subscription: Stripe.Subscription, now: number): void {
  const recurring = subscription.items.data[0]!.price.recurring!;
  subscription.trial_end = now;
  subscription.billing_cycle_anchor = now;
  const period = {
    start: now,
    end: boundary(now, recurring.interval as Interval, recurring.interval_count, 1),
  };
  for (const item of subscription.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  subscription.status = 'active';
  const invoice = createCycleInvoice(emulator, subscription, period, 'subscription_update', now, {
    includePending: true,
    invoiceId: newId('in'),
  });
  subscription.latest_invoice = invoice.id;
  emulator.db.subscriptions.put(subscription);
  collectInvoice(emulator, invoice, now, { offSession: true });
}

function changeDiscount(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  params: SubscriptionParams,
  now: number,
): void {
  const state = emulator.db.subscriptionState.get(subscription.id) ?? {
    id: subscription.id,
    trialWillEndSentFor: null,
    discount: null,
  };
  if (params.discounts === '') {
    state.discount = null;
    subscription.discounts = [];
  } else {
    const input =
      params.discounts?.[0] ??
      (params.promotion_code ? { promotion_code: params.promotion_code } : { coupon: params.coupon });
    const discount = resolveDiscount(emulator, input, 'discounts[0]', now);
    if (discount) {
      const end =
        discount.coupon.duration === 'forever'
          ? null
          : discount.coupon.duration === 'once'
            ? periodOf(subscription).end + 1
            : boundary(now, 'month', discount.coupon.duration_in_months ?? 1, 1);
      state.discount = { coupon: discount.coupon.id, promotionCode: discount.promotionCode, endsAt: end };
      subscription.discounts = [`di_${subscription.id.slice(4)}`];
      redeem(emulator, discount, now);
    }
  }
  emulator.db.subscriptionState.put(state);
}

export function cancel(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  params: { cancellation_details?: { comment?: string; feedback?: string } },
): Stripe.Subscription {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata.`,
      undefined,
      'resource_missing',
    );
  }
  const now = emulator.nowForCustomer(subscription.customer as string);
  if (params.cancellation_details) {
    subscription.cancellation_details = {
      reason: null,
      comment: params.cancellation_details.comment ?? null,
      feedback: (params.cancellation_details.feedback ??
        null) as Stripe.Subscription.CancellationDetails.Feedback | null,
      feedback_option: null,
    };
  }
  subscription.canceled_at = now;
  const latest =
    typeof subscription.latest_invoice === 'string'
      ? emulator.db.invoices.get(subscription.latest_invoice)
      : undefined;
  endSubscription(emulator, subscription, now, 'cancellation_requested');
  // Open invoices of a canceled subscription stop being retried.
  if (latest?.status === 'open') {
    latest.next_payment_attempt = null;
    emulator.db.invoices.put(latest);
  }
  return subscription;
}

export function resume(emulator: Emulator, subscription: Stripe.Subscription): Stripe.Subscription {
  if (subscription.status !== 'paused') {
    throw invalidRequest(
      'Only a paused subscription can be resumed (to undo a scheduled cancellation, set cancel_at_period_end=false).',
    );
  }
  const now = emulator.nowForCustomer(subscription.customer as string);
  const recurring = subscription.items.data[0]!.price.recurring!;
  subscription.billing_cycle_anchor = now;
  const period = {
    start: now,
    end: boundary(now, recurring.interval as Interval, recurring.interval_count, 1),
  };
  for (const item of subscription.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  const invoice = createCycleInvoice(emulator, subscription, period, 'subscription_cycle', now, {
    includePending: true,
    invoiceId: newId('in'),
  });
  subscription.latest_invoice = invoice.id;
  setStatus(emulator, subscription, 'active', now);
  emulator.emit('customer.subscription.resumed', subscription, now);
  const outcome = collectInvoice(emulator, invoice, now, { offSession: true });
  if (outcome.status !== 'succeeded') setStatus(emulator, subscription, 'past_due', now);
  return subscription;
}
