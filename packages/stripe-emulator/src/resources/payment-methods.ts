import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { checkExpiry, declineFor, lookupCard, TEST_PAYMENT_METHODS } from '../billing/test-cards.ts';
import { cardError, invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  int,
  listSpec,
  metadata,
  object,
  oneOf,
  required,
  string,
  validate,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId, randomToken } from '../store/ids.ts';
import { findOr404, mergeMetadata, referenced, snapshot } from './common.ts';

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  name?: string | null;
  email?: string | null;
}

export function createCardPaymentMethod(
  emulator: Emulator,
  input: CardInput,
  now: number,
  param = 'card[number]',
): Stripe.PaymentMethod {
  const card = lookupCard(input.number, param);
  checkExpiry(input.expMonth, input.expYear, now);
  const method: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: input.email ?? null,
      name: input.name ?? null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: input.expMonth,
      exp_year: input.expYear < 100 ? 2000 + input.expYear : input.expYear,
      fingerprint: card.number.slice(-8) + randomToken(8),
      funding: 'credit',
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: now,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  emulator.db.paymentMethods.put(method);
  emulator.db.cards.put({ id: method.id, behaviour: card.behaviour });
  return method;
}

/** `pm_card_visa` and friends stand for a fresh payment method with that test card, as on Stripe. */
export function resolvePaymentMethod(
  emulator: Emulator,
  id: string,
  param: string,
  now: number,
): Stripe.PaymentMethod {
  const number = TEST_PAYMENT_METHODS[id];
  if (number) return createCardPaymentMethod(emulator, { number, expMonth: 12, expYear: 2034 }, now, param);
  return referenced(emulator.db.paymentMethods, id, param);
}

export function attachPaymentMethod(
  emulator: Emulator,
  id: string,
  customerId: string,
  param = 'payment_method',
): Stripe.PaymentMethod {
  const now = emulator.nowForCustomer(customerId);
  const method = resolvePaymentMethod(emulator, id, param, now);
  if (method.customer === customerId) return method;
  if (method.customer)
    throw invalidRequest('The payment method you provided has already been attached to a customer.', param);
  const decline = declineFor(emulator.db.cards.get(method.id)?.behaviour ?? 'succeed', false);
  if (decline) throw cardError(decline.message, decline.code, decline.declineCode, { param });
  method.customer = customerId;
  emulator.db.paymentMethods.put(method);
  emulator.emit('payment_method.attached', method, now);
  return method;
}

function detach(emulator: Emulator, method: Stripe.PaymentMethod): Stripe.PaymentMethod {
  if (!method.customer)
    throw invalidRequest(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
    );
  const customerId = method.customer as string;
  const now = emulator.nowForCustomer(customerId);
  method.customer = null;
  emulator.db.paymentMethods.put(method);
  const customer = emulator.db.customers.get(customerId);
  if (customer && customer.invoice_settings.default_payment_method === method.id) {
    const before = snapshot(customer);
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: null };
    emulator.emitUpdated('customer.updated', before, customer, now);
  }
  emulator.emit('payment_method.detached', method, now);
  return method;
}

const cardSpec = object({
  number: required(string),
  exp_month: required(int),
  exp_year: required(int),
  cvc: string,
  token: string,
});

export function paymentMethodRoutes(router: Router, emulator: Emulator): void {
  const methods = emulator.db.paymentMethods;
  router.post('/v1/payment_methods', ({ params }) => {
    const input = validate<{
      type: string;
      card?: { number: string; exp_month: number; exp_year: number };
      billing_details?: { name?: string; email?: string };
      metadata?: Record<string, string>;
    }>(params, {
      type: required(oneOf('card')),
      card: cardSpec,
      billing_details: object({ name: string, email: string, phone: string, address: anything }),
      metadata,
    });
    if (!input.card) throw invalidRequest('Missing required param: card.', 'card', 'parameter_missing');
    const method = createCardPaymentMethod(
      emulator,
      {
        number: input.card.number,
        expMonth: input.card.exp_month,
        expYear: input.card.exp_year,
        name: input.billing_details?.name,
        email: input.billing_details?.email,
      },
      emulator.clock.now(),
    );
    method.metadata = mergeMetadata({}, input.metadata);
    return method;
  });
  router.get('/v1/payment_methods/:id', ({ pathParams, params }) => {
    validate(params, {});
    const id = pathParams[0]!;
    return TEST_PAYMENT_METHODS[id]
      ? resolvePaymentMethod(emulator, id, 'id', emulator.clock.now())
      : findOr404(methods, id);
  });
  router.post('/v1/payment_methods/:id', ({ pathParams, params }) => {
    const input = validate<{ metadata?: Record<string, string> }>(params, {
      metadata,
      billing_details: anything,
      card: object({ exp_month: int, exp_year: int }),
      allow_redisplay: string,
    });
    const method = findOr404(methods, pathParams[0]!);
    const before = snapshot(method);
    method.metadata = mergeMetadata(method.metadata, input.metadata);
    emulator.emitUpdated(
      'payment_method.updated',
      before,
      method,
      emulator.nowForCustomer(method.customer as string | null),
    );
    return method;
  });
  router.post('/v1/payment_methods/:id/attach', ({ pathParams, params }) => {
    const input = validate<{ customer: string }>(params, { customer: required(string) });
    const customer = referenced(emulator.db.customers, input.customer, 'customer');
    const id = pathParams[0]!;
    if (!TEST_PAYMENT_METHODS[id]) findOr404(methods, id);
    return attachPaymentMethod(emulator, id, customer.id, 'payment_method');
  });
  router.post('/v1/payment_methods/:id/detach', ({ pathParams, params }) => {
    validate(params, {});
    return detach(emulator, findOr404(methods, pathParams[0]!));
  });
  router.get('/v1/payment_methods', ({ params }) => {
    const query = validate<ListParams & { customer?: string; type?: string }>(params, {
      ...listSpec,
      customer: string,
      type: string,
    });
    if (query.customer) referenced(emulator.db.customers, query.customer, 'customer');
    const rows = methods.filter(
      (row) =>
        (!query.customer || row.customer === query.customer) && (!query.type || row.type === query.type),
    );
    return paginate(newestFirst(rows), query, '/v1/payment_methods', 'payment_method');
  });
}
