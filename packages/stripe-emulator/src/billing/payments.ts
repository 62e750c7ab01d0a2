import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { newId, randomToken } from '../store/ids.ts';
import { declineFor, type Decline } from './test-cards.ts';

export interface NewPaymentIntent {
  customerId: string | null;
  paymentMethodId: string | null;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  now: number;
}

export function createPaymentIntent(emulator: Emulator, input: NewPaymentIntent): Stripe.PaymentIntent {
  const id = newId('pi');
  const intent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomToken(24)}`,
    confirmation_method: 'automatic',
    created: input.now,
    currency: input.currency,
    customer: input.customerId,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.paymentMethodId ? 'requires_confirmation' : 'requires_payment_method',
    transfer_group: null,
  };
  emulator.db.paymentIntents.put(intent);
  emulator.emit('payment_intent.created', intent, input.now);
  return intent;
}

function buildCharge(
  emulator: Emulator,
  intent: Stripe.PaymentIntent,
  method: Stripe.PaymentMethod,
  decline: Decline | null,
  now: number,
): Stripe.Charge {
  const card = method.card;
  const id = newId('ch');
  return {
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: decline ? 0 : intent.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: decline ? null : newId('txn'),
    billing_details: method.billing_details,
    calculated_statement_descriptor: 'TOLLGATE',
    captured: !decline,
    created: now,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: decline ? 'declined_by_network' : 'approved_by_network',
      reason: decline?.declineCode ?? null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: decline
        ? 'The bank did not return any further details with this decline.'
        : 'Payment complete.',
      type: decline ? 'issuer_declined' : 'authorized',
    },
    paid: !decline,
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: {
      card: {
        amount_authorized: decline ? null : intent.amount,
        authorization_code: null,
        brand: card?.brand ?? 'visa',
        checks: card?.checks ?? null,
        country: 'US',
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2034,
        extended_authorization: null,
        fingerprint: card?.fingerprint ?? null,
        funding: 'credit',
        incremental_authorization: null,
        installments: null,
        last4: card?.last4 ?? '4242',
        mandate: null,
        multicapture: null,
        network: card?.brand ?? 'visa',
        network_token: null,
        network_transaction_id: null,
        overcapture: null,
        regulated_status: 'unregulated',
        three_d_secure: null,
        wallet: null,
      } as unknown as Stripe.Charge.PaymentMethodDetails.Card,
      type: 'card',
    },
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: `${emulator.baseUrl}/receipts/${id}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: decline ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export type PaymentOutcome =
  { status: 'succeeded' } | { status: 'failed'; decline: Decline } | { status: 'requires_action' };

const NO_METHOD: Decline = {
  code: 'payment_intent_payment_attempt_failed',
  declineCode: '',
  message: 'The customer has no default payment method to charge.',
};

/**
 * Confirm a payment intent against its card. Off-session charges (renewals) skip 3-D Secure for
 * cards set up earlier, as Stripe does for its 3155 test card.
 */
export function confirmPayment(
  emulator: Emulator,
  intent: Stripe.PaymentIntent,
  offSession: boolean,
  now: number,
): PaymentOutcome {
  const methodId = typeof intent.payment_method === 'string' ? intent.payment_method : null;
  const method = methodId ? emulator.db.paymentMethods.get(methodId) : undefined;
  if (!method) {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'invalid_request_error',
      code: NO_METHOD.code,
      message: NO_METHOD.message,
    };
    emulator.db.paymentIntents.put(intent);
    emulator.emit('payment_intent.payment_failed', intent, now);
    return { status: 'failed', decline: NO_METHOD };
  }
  const behaviour = emulator.db.cards.get(method.id)?.behaviour ?? 'succeed';
  if (behaviour === 'require_3ds' && !offSession) {
    intent.status = 'requires_action';
    intent.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: { return_url: null, url: `${emulator.baseUrl}/3ds/${intent.id}` },
    };
    emulator.db.paymentIntents.put(intent);
    emulator.emit('payment_intent.requires_action', intent, now);
    return { status: 'requires_action' };
  }
  return settlePayment(emulator, intent, method, declineFor(behaviour, true), now);
}

/** Record the charge for an attempt and move the intent to succeeded or back to requires_payment_method. */
export function settlePayment(
  emulator: Emulator,
  intent: Stripe.PaymentIntent,
  method: Stripe.PaymentMethod,
  decline: Decline | null,
  now: number,
): PaymentOutcome {
  const charge = buildCharge(emulator, intent, method, decline, now);
  emulator.db.charges.put(charge);
  intent.latest_charge = charge.id;
  intent.next_action = null;
  if (decline) {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      charge: charge.id,
      code: decline.code,
      decline_code: decline.declineCode,
      message: decline.message,
      payment_method: method,
    };
    emulator.db.paymentIntents.put(intent);
    emulator.emit('charge.failed', charge, now);
    emulator.emit('payment_intent.payment_failed', intent, now);
    return { status: 'failed', decline };
  }
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.last_payment_error = null;
  emulator.db.paymentIntents.put(intent);
  emulator.emit('charge.succeeded', charge, now);
  emulator.emit('payment_intent.succeeded', intent, now);
  return { status: 'succeeded' };
}
