import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { int, listSpec, metadata, oneOf, string, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { findOr404, mergeMetadata, referenced } from './common.ts';

interface RefundParams {
  charge?: string;
  payment_intent?: string;
  amount?: number;
  reason?: Stripe.RefundCreateParams.Reason;
  metadata?: Record<string, string>;
}

function chargeFor(emulator: Emulator, params: RefundParams): Stripe.Charge {
  if (params.charge) return referenced(emulator.db.charges, params.charge, 'charge');
  if (params.payment_intent) {
    const intent = referenced(emulator.db.paymentIntents, params.payment_intent, 'payment_intent');
    const charge =
      typeof intent.latest_charge === 'string' ? emulator.db.charges.get(intent.latest_charge) : undefined;
    if (!charge || intent.status !== 'succeeded') {
      throw invalidRequest(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'payment_intent',
      );
    }
    return charge;
  }
  throw invalidRequest(
    'One of the following params should be provided for this request: payment_intent or charge.',
    undefined,
    'parameter_missing',
  );
}

/** Refunds succeed at once; the charge records the refunded amount and `refunded` when whole. */
function refund(emulator: Emulator, params: RefundParams): Stripe.Refund {
  const charge = chargeFor(emulator, params);
  if (charge.status !== 'succeeded')
    throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge');
  const remaining = charge.amount - charge.amount_refunded;
  const amount = params.amount ?? remaining;
  if (remaining <= 0)
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      'charge',
      'charge_already_refunded',
    );
  if (amount <= 0 || amount > remaining) {
    throw invalidRequest(
      `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
      'amount',
    );
  }
  const now = emulator.nowForCustomer(charge.customer as string | null);
  const created: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: newId('txn'),
    charge: charge.id,
    created: now,
    currency: charge.currency,
    customer: charge.customer as string | null,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    } as Stripe.Refund.DestinationDetails,
    metadata: mergeMetadata({}, params.metadata),
    payment_intent: charge.payment_intent as string | null,
    payment_method: charge.payment_method,
    reason: params.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  } as Stripe.Refund;
  emulator.db.refunds.put(created);
  const before = clone(charge);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  if (charge.refunds) charge.refunds.data = [created, ...charge.refunds.data];
  emulator.db.charges.put(created.charge ? charge : charge);
  emulator.emit('refund.created', created, now);
  emulator.emit('charge.refunded', charge, now, {
    amount_refunded: before.amount_refunded,
    refunded: before.refunded,
  });
  return created;
}

export function chargeRoutes(router: Router, emulator: Emulator): void {
  const charges = emulator.db.charges;
  const refunds = emulator.db.refunds;
  router.get('/v1/charges/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(charges, pathParams[0]!);
  });
  router.get('/v1/charges', ({ params }) => {
    const query = validate<ListParams & { customer?: string; payment_intent?: string }>(params, {
      ...listSpec,
      customer: string,
      payment_intent: string,
      transfer_group: string,
    });
    const rows = charges.filter(
      (row) =>
        (!query.customer || row.customer === query.customer) &&
        (!query.payment_intent || row.payment_intent === query.payment_intent),
    );
    return paginate(newestFirst(rows), query, '/v1/charges', 'charge');
  });
  const refundSpec = {
    charge: string,
    payment_intent: string,
    amount: int,
    reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer'),
    metadata,
    instructions_email: string,
    refund_application_fee: string,
    reverse_transfer: string,
  };
  router.post('/v1/refunds', ({ params }) => refund(emulator, validate(params, refundSpec)));
  router.get('/v1/refunds/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(refunds, pathParams[0]!);
  });
  router.post('/v1/refunds/:id', ({ pathParams, params }) => {
    const input = validate<{ metadata?: Record<string, string> }>(params, { metadata });
    const found = findOr404(refunds, pathParams[0]!);
    found.metadata = mergeMetadata(found.metadata, input.metadata);
    refunds.put(found);
    return found;
  });
  router.get('/v1/refunds', ({ params }) => {
    const query = validate<ListParams & { charge?: string; payment_intent?: string }>(params, {
      ...listSpec,
      charge: string,
      payment_intent: string,
    });
    const rows = refunds.filter(
      (row) =>
        (!query.charge || row.charge === query.charge) &&
        (!query.payment_intent || row.payment_intent === query.payment_intent),
    );
    return paginate(newestFirst(rows), query, '/v1/refunds', 'refund');
  });
}
