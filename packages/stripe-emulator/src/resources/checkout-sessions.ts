import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { anything, listSpec, metadata, oneOf, string, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { findOr404, mergeMetadata, referenced } from './common.ts';
import { resolveDiscount } from './coupon-lookup.ts';
import { expireCheckoutSession } from './checkout-expiry.ts';
import { createSpec, type CreateParams } from './checkout-params.ts';

function lineItems(emulator: Emulator, params: CreateParams): Stripe.LineItem[] {
  const input = params.line_items ?? [];
  if (params.mode !== 'setup' && input.length === 0)
    throw invalidRequest('Missing required param: line_items.', 'line_items', 'parameter_missing');
  return input.map((item, index) => {
    if (!item.price)
      throw invalidRequest(
        'Missing required param: line_items[0][price].',
        `line_items[${index}][price]`,
        'parameter_missing',
      );
    const price = referenced(emulator.db.prices, item.price, `line_items[${index}][price]`);
    if (params.mode === 'subscription' && price.type !== 'recurring') {
      // Stripe allows one-time prices alongside recurring ones; the first must be recurring here.
      if (index === 0)
        throw invalidRequest(
          'You must provide at least one recurring price in `subscription` mode when using prices.',
          `line_items[${index}][price]`,
        );
    }
    if (params.mode === 'payment' && price.type === 'recurring') {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        `line_items[${index}][price]`,
      );
    }
    const quantity = item.quantity ?? 1;
    const amount = (price.unit_amount ?? 0) * quantity;
    return {
      id: newId('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: emulator.db.products.get(price.product as string)?.name ?? null,
      metadata: {},
      price,
      quantity,
    };
  });
}

function create(emulator: Emulator, params: CreateParams): Stripe.Checkout.Session {
  if (params.mode !== 'setup' || !params.success_url) {
    if (!params.success_url)
      throw invalidRequest('Missing required param: success_url.', 'success_url', 'parameter_missing');
  }
  if (params.customer && params.customer_email)
    throw invalidRequest(
      'You may only specify one of these parameters: customer, customer_email.',
      'customer_email',
    );
  if (params.allow_promotion_codes && params.discounts?.length) {
    throw invalidRequest(
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'discounts',
    );
  }
  const customer = params.customer ? referenced(emulator.db.customers, params.customer, 'customer') : null;
  const now = emulator.nowForCustomer(customer?.id);
  const expiresAt = params.expires_at === 'now' ? now : (params.expires_at ?? now + 24 * 3600);
  if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600) {
    throw invalidRequest(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  const items = lineItems(emulator, params);
  const discount = resolveDiscount(emulator, params.discounts?.[0], 'discounts[0]', now);
  const subtotal = items.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const id = newId('cs_test');
  const currency = items[0]?.currency ?? params.currency ?? 'usd';
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allowed_payment_method_types: null,
    allow_promotion_codes: params.allow_promotion_codes ?? null,
    amount_subtotal: params.mode === 'setup' ? null : subtotal,
    amount_total: params.mode === 'setup' ? null : subtotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: params.cancel_url ?? null,
    client_reference_id: params.client_reference_id ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: params.mode === 'setup' ? null : currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: customer ? null : (params.customer_creation ?? 'if_required'),
    customer_details: customer
      ? {
          address: null,
          business_name: null,
          email: customer.email ?? null,
          individual_name: null,
          name: customer.name ?? null,
          phone: null,
          tax_exempt: 'none',
          tax_ids: [],
        }
      : null,
    customer_email: params.customer_email ?? null,
    discounts: discount ? [{ coupon: discount.coupon.id, promotion_code: discount.promotionCode }] : [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: mergeMetadata({}, params.metadata),
    mode: params.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: params.mode === 'setup' ? 'no_payment_required' : 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: params.success_url ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${emulator.baseUrl}/checkout/${id}`,
    wallet_options: null,
  };
  emulator.db.checkoutSessions.put(session);
  emulator.db.checkoutState.put({
    id,
    lineItems: items,
    trialPeriodDays: params.subscription_data?.trial_period_days ?? null,
    subscriptionMetadata: params.subscription_data?.metadata ?? {},
    couponId: discount?.coupon.id ?? null,
    promotionCodeId: discount?.promotionCode ?? null,
    lastError: null,
    awaitingIntent: null,
  });
  return session;
}

interface SessionListQuery extends ListParams {
  customer?: string;
  status?: string;
  payment_intent?: string;
  subscription?: string;
}

export function checkoutRoutes(router: Router, emulator: Emulator): void {
  const sessions = emulator.db.checkoutSessions;
  router.post('/v1/checkout/sessions', ({ params }) => create(emulator, validate(params, createSpec)));
  router.get('/v1/checkout/sessions/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(sessions, pathParams[0]!, 'checkout.session');
  });
  router.post('/v1/checkout/sessions/:id', ({ pathParams, params }) => {
    const input = validate<{ metadata?: Record<string, string> }>(params, { metadata });
    const session = findOr404(sessions, pathParams[0]!, 'checkout.session');
    session.metadata = mergeMetadata(session.metadata, input.metadata);
    sessions.put(session);
    return session;
  });
  router.post('/v1/checkout/sessions/:id/expire', ({ pathParams, params }) => {
    validate(params, {});
    const session = findOr404(sessions, pathParams[0]!, 'checkout.session');
    if (session.status !== 'open') {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    }
    expireCheckoutSession(emulator, session, emulator.nowForCustomer(session.customer as string | null));
    return session;
  });
  router.get('/v1/checkout/sessions/:id/line_items', ({ pathParams, params }) => {
    const query = validate<ListParams>(params, listSpec);
    const session = findOr404(sessions, pathParams[0]!, 'checkout.session');
    return paginate(
      emulator.db.checkoutState.get(session.id)?.lineItems ?? [],
      query,
      `/v1/checkout/sessions/${session.id}/line_items`,
      'line_item',
    );
  });
  router.get('/v1/checkout/sessions', ({ params }) => {
    const query = validate<SessionListQuery>(params, {
      ...listSpec,
      customer: string,
      status: oneOf('open', 'complete', 'expired'),
      payment_intent: string,
      subscription: string,
      customer_details: anything,
      payment_link: string,
    });
    const rows = sessions.filter(
      (row) =>
        (!query.customer || row.customer === query.customer) &&
        (!query.status || row.status === query.status) &&
        (!query.payment_intent || row.payment_intent === query.payment_intent) &&
        (!query.subscription || row.subscription === query.subscription),
    );
    return paginate(newestFirst(rows), query, '/v1/checkout/sessions', 'checkout.session');
  });
}
