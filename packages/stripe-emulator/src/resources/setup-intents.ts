import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { anything, bool, listSpec, metadata, string, strings, validate, oneOf } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId, randomToken } from '../store/ids.ts';
import { findOr404, mergeMetadata, referenced } from './common.ts';
import { attachPaymentMethod } from './payment-methods.ts';
import { invalidRequest } from '../server/errors.ts';

export function createSetupIntent(
  emulator: Emulator,
  input: {
    customer: string | null;
    paymentMethod: string | null;
    now: number;
    metadata: Record<string, string>;
  },
): Stripe.SetupIntent {
  const id = newId('seti');
  const intent: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(24)}`,
    created: input.now,
    customer: input.customer,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: input.paymentMethod ? 'succeeded' : 'requires_payment_method',
    usage: 'off_session',
  } as Stripe.SetupIntent;
  emulator.db.setupIntents.put(intent);
  emulator.emit('setup_intent.created', intent, input.now);
  if (input.paymentMethod) emulator.emit('setup_intent.succeeded', intent, input.now);
  return intent;
}

function confirm(
  emulator: Emulator,
  intent: Stripe.SetupIntent,
  paymentMethod: string | undefined,
): Stripe.SetupIntent {
  if (intent.status === 'succeeded' || intent.status === 'canceled') {
    throw invalidRequest(
      `You cannot confirm this SetupIntent because it has a status of ${intent.status}.`,
      undefined,
      'setup_intent_unexpected_state',
    );
  }
  const now = emulator.nowForCustomer(intent.customer as string | null);
  const methodId = paymentMethod ?? (intent.payment_method as string | null);
  if (!methodId)
    throw invalidRequest('You must provide a payment_method to confirm this SetupIntent.', 'payment_method');
  const method = intent.customer
    ? attachPaymentMethod(emulator, methodId, intent.customer as string)
    : referenced(emulator.db.paymentMethods, methodId, 'payment_method');
  intent.payment_method = method.id;
  intent.status = 'succeeded';
  emulator.db.setupIntents.put(intent);
  emulator.emit('setup_intent.succeeded', intent, now);
  return intent;
}

export function setupIntentRoutes(router: Router, emulator: Emulator): void {
  const intents = emulator.db.setupIntents;
  router.post('/v1/setup_intents', ({ params }) => {
    const input = validate<{
      customer?: string;
      payment_method?: string;
      confirm?: boolean;
      metadata?: Record<string, string>;
    }>(params, {
      customer: string,
      payment_method: string,
      confirm: bool,
      metadata,
      usage: oneOf('on_session', 'off_session'),
      payment_method_types: strings,
      automatic_payment_methods: anything,
      description: string,
      return_url: string,
      payment_method_options: anything,
    });
    if (input.customer) referenced(emulator.db.customers, input.customer, 'customer');
    const now = emulator.nowForCustomer(input.customer);
    const intent = createSetupIntent(emulator, {
      customer: input.customer ?? null,
      paymentMethod: null,
      now,
      metadata: mergeMetadata({}, input.metadata),
    });
    if (input.payment_method) intent.payment_method = input.payment_method;
    if (input.payment_method) intent.status = 'requires_confirmation';
    return input.confirm ? confirm(emulator, intent, input.payment_method) : intent;
  });
  router.get('/v1/setup_intents/:id', ({ pathParams, params }) => {
    validate(params, { client_secret: string });
    return findOr404(intents, pathParams[0]!);
  });
  router.post('/v1/setup_intents/:id/confirm', ({ pathParams, params }) => {
    const input = validate<{ payment_method?: string }>(params, {
      payment_method: string,
      return_url: string,
      payment_method_options: anything,
      mandate_data: anything,
    });
    return confirm(emulator, findOr404(intents, pathParams[0]!), input.payment_method);
  });
  router.post('/v1/setup_intents/:id/cancel', ({ pathParams, params }) => {
    validate(params, { cancellation_reason: string });
    const intent = findOr404(intents, pathParams[0]!);
    if (intent.status === 'succeeded')
      throw invalidRequest(
        'You cannot cancel this SetupIntent because it has a status of succeeded.',
        undefined,
        'setup_intent_unexpected_state',
      );
    intent.status = 'canceled';
    emulator.emit('setup_intent.canceled', intent, emulator.nowForCustomer(intent.customer as string | null));
    return intent;
  });
  router.get('/v1/setup_intents', ({ params }) => {
    const query = validate<ListParams & { customer?: string }>(params, {
      ...listSpec,
      customer: string,
      payment_method: string,
      attach_to_self: bool,
    });
    return paginate(
      newestFirst(intents.filter((row) => !query.customer || row.customer === query.customer)),
      query,
      '/v1/setup_intents',
      'setup_intent',
    );
  });
}
