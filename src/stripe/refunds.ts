import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/** The payment intent that paid an invoice (its default invoice payment), if any. */
export async function paymentIntentOfInvoice(stripe: Stripe, invoiceId: string): Promise<string | null> {
  const payments = await callStripe(() => stripe.invoicePayments.list({ invoice: invoiceId, limit: 10 }));
  const paid = payments.data.find((p) => p.status === 'paid') ?? payments.data[0];
  return paid?.payment.type === 'payment_intent' ? idOf(paid.payment.payment_intent) : null;
}

/** The charge behind a payment intent, with how much of it was refunded so far. */
export async function chargeOfPaymentIntent(stripe: Stripe, paymentIntentId: string) {
  const intent = await callStripe(() => stripe.paymentIntents.retrieve(paymentIntentId));
  const chargeId = idOf(intent.latest_charge);
  return chargeId ? retrieveCharge(stripe, chargeId) : null;
}

export const retrieveCharge = (stripe: Stripe, chargeId: string) =>
  callStripe(() => stripe.charges.retrieve(chargeId));

/**
 * Refunds `amount` of a charge. The key holds the amount already refunded, so a doubled request
 * refunds once while a later, separate partial refund is a new one.
 */
export function refundCharge(
  stripe: Stripe,
  input: { chargeId: string; amount: number; alreadyRefunded: number; paymentId: string },
) {
  return callStripe(() =>
    stripe.refunds.create(
      {
        charge: input.chargeId,
        amount: input.amount,
        reason: 'requested_by_customer',
        metadata: { payment_log_id: input.paymentId },
      },
      {
        idempotencyKey: `tollgate-refund-${input.paymentId}-${input.alreadyRefunded}-${input.amount}`,
      },
    ),
  );
}
