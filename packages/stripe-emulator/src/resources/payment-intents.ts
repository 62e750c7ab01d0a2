import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { confirmPayment, createPaymentIntent } from '../billing/payments.ts';
import { cardError, invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  bool,
  int,
  listSpec,
  metadata,
  oneOf,
  required,
  string,
  strings,
  validate,
  emptyable,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { findOr404, mergeMetadata, orNull, referenced, snapshot } from './common.ts';
import { resolvePaymentMethod } from './payment-methods.ts';

interface ConfirmParams {
  payment_method?: string;
  off_session?: boolean;
}

function confirm(
  emulator: Emulator,
  intent: Stripe.PaymentIntent,
  params: ConfirmParams,
): Stripe.PaymentIntent {
  if (intent.status === 'succeeded' || intent.status === 'canceled') {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  }
  const now = emulator.nowForCustomer(intent.customer as string | null);
  if (params.payment_method)
    intent.payment_method = resolvePaymentMethod(emulator, params.payment_method, 'payment_method', now).id;
  if (!intent.payment_method)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  const outcome = confirmPayment(emulator, intent, params.off_session ?? false, now);
  if (outcome.status === 'failed') {
    throw cardError(outcome.decline.message, outcome.decline.code, outcome.decline.declineCode, {
      payment_intent: intent,
      charge: intent.latest_charge,
    });
  }
  return intent;
}

export function paymentIntentRoutes(router: Router, emulator: Emulator): void {
  const intents = emulator.db.paymentIntents;
  router.post('/v1/payment_intents', ({ params }) => {
    const input = validate<{
      amount: number;
      currency: string;
      customer?: string;
      payment_method?: string;
      confirm?: boolean;
      off_session?: boolean;
      description?: string;
      metadata?: Record<string, string>;
      receipt_email?: string;
    }>(params, {
      amount: required(int),
      currency: required(string),
      customer: string,
      payment_method: string,
      confirm: bool,
      off_session: bool,
      description: string,
      metadata,
      receipt_email: string,
      payment_method_types: strings,
      automatic_payment_methods: anything,
      setup_future_usage: oneOf('on_session', 'off_session'),
      capture_method: oneOf('automatic', 'automatic_async', 'manual'),
      statement_descriptor: string,
      statement_descriptor_suffix: string,
      return_url: string,
      shipping: anything,
      payment_method_options: anything,
      error_on_requires_action: bool,
    });
    if (input.amount < 50)
      throw invalidRequest('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
    if (input.customer) referenced(emulator.db.customers, input.customer, 'customer');
    const now = emulator.nowForCustomer(input.customer);
    const method = input.payment_method
      ? resolvePaymentMethod(emulator, input.payment_method, 'payment_method', now).id
      : null;
    const intent = createPaymentIntent(emulator, {
      customerId: input.customer ?? null,
      paymentMethodId: method,
      amount: input.amount,
      currency: input.currency,
      description: input.description ?? null,
      metadata: mergeMetadata({}, input.metadata),
      receiptEmail: input.receipt_email ?? null,
      now,
    });
    return input.confirm ? confirm(emulator, intent, { off_session: input.off_session }) : intent;
  });
  router.get('/v1/payment_intents/:id', ({ pathParams, params }) => {
    validate(params, { client_secret: string });
    return findOr404(intents, pathParams[0]!);
  });
  router.post('/v1/payment_intents/:id', ({ pathParams, params }) => {
    const input = validate<{
      metadata?: Record<string, string>;
      description?: string;
      amount?: number;
      payment_method?: string;
    }>(params, {
      metadata,
      description: emptyable(string),
      amount: int,
      payment_method: string,
      receipt_email: string,
      setup_future_usage: anything,
      shipping: anything,
    });
    const intent = findOr404(intents, pathParams[0]!);
    const before = snapshot(intent);
    intent.metadata = mergeMetadata(intent.metadata, input.metadata);
    if (input.description !== undefined) intent.description = orNull(input.description);
    if (input.amount !== undefined) intent.amount = input.amount;
    if (input.payment_method) intent.payment_method = input.payment_method;
    emulator.emitUpdated(
      'payment_intent.updated' as Stripe.Event.Type,
      before,
      intent,
      emulator.nowForCustomer(intent.customer as string | null),
    );
    return intent;
  });
  router.post('/v1/payment_intents/:id/confirm', ({ pathParams, params }) =>
    confirm(
      emulator,
      findOr404(intents, pathParams[0]!),
      validate(params, {
        payment_method: string,
        off_session: bool,
        return_url: string,
        payment_method_options: anything,
        mandate_data: anything,
        error_on_requires_action: bool,
      }),
    ),
  );
  router.post('/v1/payment_intents/:id/cancel', ({ pathParams, params }) => {
    const input = validate<{ cancellation_reason?: Stripe.PaymentIntent.CancellationReason }>(params, {
      cancellation_reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'),
    });
    const intent = findOr404(intents, pathParams[0]!);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const now = emulator.nowForCustomer(intent.customer as string | null);
    intent.status = 'canceled';
    intent.canceled_at = now;
    intent.cancellation_reason = input.cancellation_reason ?? null;
    emulator.emit('payment_intent.canceled', intent, now);
    return intent;
  });
  router.get('/v1/payment_intents', ({ params }) => {
    const query = validate<ListParams & { customer?: string }>(params, { ...listSpec, customer: string });
    return paginate(
      newestFirst(intents.filter((row) => !query.customer || row.customer === query.customer)),
      query,
      '/v1/payment_intents',
      'payment_intent',
    );
  });
}
