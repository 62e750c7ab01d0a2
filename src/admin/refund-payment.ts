import { eq } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { paymentLog } from '../platform/db/schema/index.ts';
import { conflict, notFound, validationFailed } from '../platform/errors.ts';
import {
  chargeOfPaymentIntent,
  paymentIntentOfInvoice,
  refundCharge,
  retrieveCharge,
} from '../stripe/refunds.ts';
import { writeAudit, type AuditActor } from './audit.ts';

/** The Stripe charge behind a logged payment: an invoice's payment, a pass's payment intent, a charge. */
async function chargeFor(deps: BillingDeps, payment: typeof paymentLog.$inferSelect) {
  const stripe = deps.stripe.client;
  if (payment.chargeId) return retrieveCharge(stripe, payment.chargeId);
  if (payment.invoiceId) {
    const intent = await paymentIntentOfInvoice(stripe, payment.invoiceId);
    return intent ? chargeOfPaymentIntent(stripe, intent) : null;
  }
  if (payment.stripeRef.startsWith('pi_')) return chargeOfPaymentIntent(stripe, payment.stripeRef);
  if (payment.stripeRef.startsWith('ch_')) return retrieveCharge(stripe, payment.stripeRef);
  return null;
}

/**
 * Refunds a logged charge through Stripe, all of what is left by default. The `charge.refunded`
 * webhook then logs the refund; the audit entry is written once Stripe has accepted it.
 */
export async function refundPayment(
  deps: BillingDeps,
  actor: AuditActor,
  paymentId: string,
  input: { amount?: number | undefined },
) {
  const [payment] = await deps.db.select().from(paymentLog).where(eq(paymentLog.id, paymentId));
  if (!payment) throw notFound('No such payment.');
  if (payment.kind !== 'charge') throw conflict('Only a charge can be refunded.');
  const charge = await chargeFor(deps, payment);
  if (!charge) throw conflict('No Stripe charge was found for this payment.');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw conflict('This payment has already been refunded in full.');
  const amount = input.amount ?? remaining;
  if (amount > remaining)
    throw validationFailed(
      { amount: `must be at most ${remaining}, what is left of the charge` },
      'The refund is larger than what is left of the charge.',
    );
  const refund = await refundCharge(deps.stripe.client, {
    chargeId: charge.id,
    amount,
    alreadyRefunded: charge.amount_refunded,
    paymentId,
  });
  const now = deps.clock.now();
  await deps.db.transaction((tx) =>
    writeAudit(
      tx,
      actor,
      {
        action: 'payment.refund',
        targetType: 'payment',
        targetId: paymentId,
        before: { chargeId: charge.id, amount: charge.amount, amountRefunded: charge.amount_refunded },
        after: { refundId: refund.id, amount, status: refund.status },
      },
      now,
    ),
  );
  return { status: refund.status ?? 'pending', refundId: refund.id, amount, currency: charge.currency };
}
