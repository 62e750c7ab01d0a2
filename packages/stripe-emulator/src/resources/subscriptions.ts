import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { createSubscription, trialEndFrom } from '../billing/subscription-create.ts';
import { cardError, invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { bool, listSpec, object, oneOf, string, validate, emptyable, anything } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { findOr404, mergeMetadata, referenced } from './common.ts';
import { redeem, resolveDiscount } from './coupon-lookup.ts';
import {
  createSubscriptionSpec,
  updateSubscriptionSpec,
  type SubscriptionParams,
} from './subscription-params.ts';
import { searchRoute } from './search.ts';
import { cancel, resume, update } from './subscription-changes.ts';
import { paymentMethodParam, resolveItems } from './subscription-inputs.ts';

function create(emulator: Emulator, params: SubscriptionParams): Stripe.Subscription {
  const customer = referenced(emulator.db.customers, params.customer!, 'customer');
  const now = emulator.nowForCustomer(customer.id);
  const items = resolveItems(emulator, params.items ?? []).map((item, index) => {
    if (!item.price)
      throw invalidRequest(
        'Missing required param: items[0][price].',
        `items[${index}][price]`,
        'parameter_missing',
      );
    return { price: item.price, quantity: item.quantity ?? 1, metadata: item.metadata ?? {} };
  });
  if (items.length === 0)
    throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
  const trialDays =
    params.trial_period_days ??
    (params.trial_from_plan ? (items[0]!.price.recurring?.trial_period_days ?? undefined) : undefined);
  const trialEnd = params.trial_end === 'now' ? null : (params.trial_end ?? trialEndFrom(trialDays, now));
  const discountInput =
    params.discounts === ''
      ? undefined
      : (params.discounts?.[0] ??
        (params.promotion_code
          ? { promotion_code: params.promotion_code }
          : params.coupon
            ? { coupon: params.coupon }
            : undefined));
  const discount = resolveDiscount(emulator, discountInput, 'discounts[0]', now);
  const { subscription, outcome } = createSubscription(emulator, {
    customer,
    items,
    trialEnd,
    defaultPaymentMethod: paymentMethodParam(emulator, customer.id, params.default_payment_method),
    metadata: mergeMetadata({}, params.metadata),
    description: params.description ?? null,
    paymentBehavior: params.payment_behavior ?? 'allow_incomplete',
    cancelAtPeriodEnd: params.cancel_at_period_end ?? false,
    discount,
    missingPaymentMethod: params.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
    offSession: params.off_session ?? false,
  });
  if (discount) redeem(emulator, discount, now);
  if (outcome?.status === 'failed' && params.payment_behavior === 'error_if_incomplete') {
    throw cardError(outcome.decline.message, outcome.decline.code, outcome.decline.declineCode);
  }
  return subscription;
}

interface SubscriptionListQuery extends ListParams {
  customer?: string;
  status?: string;
  price?: string;
  test_clock?: string;
}

export function subscriptionRoutes(router: Router, emulator: Emulator): void {
  const subscriptions = emulator.db.subscriptions;
  router.post('/v1/subscriptions', ({ params }) =>
    create(emulator, validate(params, createSubscriptionSpec)),
  );
  searchRoute(router, 'subscriptions', subscriptions, ['status', 'customer']);
  router.get('/v1/subscriptions/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(subscriptions, pathParams[0]!);
  });
  router.post('/v1/subscriptions/:id', ({ pathParams, params }) =>
    update(emulator, findOr404(subscriptions, pathParams[0]!), validate(params, updateSubscriptionSpec)),
  );
  router.delete('/v1/subscriptions/:id', ({ pathParams, params }) =>
    cancel(
      emulator,
      findOr404(subscriptions, pathParams[0]!),
      validate(params, {
        invoice_now: bool,
        prorate: bool,
        cancellation_details: object({ comment: emptyable(string), feedback: emptyable(string) }),
      }),
    ),
  );
  router.post('/v1/subscriptions/:id/resume', ({ pathParams, params }) => {
    validate(params, {
      billing_cycle_anchor: oneOf('now', 'unchanged'),
      proration_behavior: anything,
      proration_date: anything,
    });
    return resume(emulator, findOr404(subscriptions, pathParams[0]!));
  });
  router.get('/v1/subscriptions', ({ params }) => {
    const query = validate<SubscriptionListQuery>(params, {
      ...listSpec,
      customer: string,
      price: string,
      test_clock: string,
      status: oneOf(
        'active',
        'all',
        'canceled',
        'ended',
        'incomplete',
        'incomplete_expired',
        'past_due',
        'paused',
        'trialing',
        'unpaid',
      ),
      collection_method: string,
      current_period_end: anything,
      current_period_start: anything,
      automatic_tax: anything,
    });
    const rows = subscriptions.filter((row) => {
      if (query.customer && row.customer !== query.customer) return false;
      if (query.test_clock && row.test_clock !== query.test_clock) return false;
      if (query.price && !row.items.data.some((item) => item.price.id === query.price)) return false;
      const status = query.status;
      if (status === undefined) return row.status !== 'canceled' && row.status !== 'incomplete_expired';
      if (status === 'all') return true;
      if (status === 'ended') return row.status === 'canceled' || row.status === 'incomplete_expired';
      return row.status === status;
    });
    return paginate(newestFirst(rows), query, '/v1/subscriptions', 'subscription');
  });
}
