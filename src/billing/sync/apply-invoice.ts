import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../platform/db/database.ts';
import { invoices } from '../../platform/db/schema/index.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { decide, nextWatermark, type Origin } from '../domain/event-order.ts';
import type { ApplyResult } from './apply-subscription.ts';
import { recordPayment } from './record-payment.ts';
import { mailUser } from './lifecycle-emails.ts';
import {
  actionRequiredEmail,
  paymentFailedEmail,
  paymentReceiptEmail,
} from '../../email/templates/lifecycle.ts';
import { fromUnix, fromUnixOrNull, idOf, userIdForCustomer } from './stripe-ids.ts';

/** Since API 2025-03-31 an invoice names its subscription under `parent`. */
export const subscriptionIdOf = (invoice: Stripe.Invoice) =>
  idOf(invoice.parent?.subscription_details?.subscription ?? null);

/**
 * Mirrors an invoice; a paid invoice logs its charge and a failed attempt its failure (each once,
 * keyed by invoice and attempt), whatever order the events come in.
 */
export async function applyInvoice(
  deps: BillingDeps,
  invoice: Stripe.Invoice,
  event?: { created: number; type: string; refetched?: boolean },
): Promise<ApplyResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const userId = await userIdForCustomer(tx, idOf(invoice.customer));
    if (!userId) return 'unknown_customer';
    if (event?.type === 'invoice.payment_failed' && !event.refetched) {
      await logFailure(tx, userId, invoice, now);
      await mailUser(tx, userId, now, (user) => ({
        dedupeKey: `payment-failed:${invoice.id}:${invoice.attempt_count}`,
        kind: 'payment_failed',
        ...paymentFailedEmail({
          name: user.name,
          appUrl: deps.appUrl,
          amount: invoice.amount_due,
          currency: invoice.currency,
          nextRetryAt: fromUnixOrNull(invoice.next_payment_attempt),
        }),
      }));
    }
    if (event?.type === 'invoice.payment_action_required' && !event.refetched) {
      await mailUser(tx, userId, now, (user) => ({
        dedupeKey: `action-required:${invoice.id}:${invoice.attempt_count}`,
        kind: 'action_required',
        ...actionRequiredEmail({
          name: user.name,
          appUrl: deps.appUrl,
          amount: invoice.amount_due,
          currency: invoice.currency,
          invoiceUrl: invoice.hosted_invoice_url ?? null,
        }),
      }));
    }
    if (invoice.status === 'paid' && invoice.amount_paid > 0) {
      await mailUser(tx, userId, now, (user) => ({
        dedupeKey: `receipt:${invoice.id}`,
        kind: 'payment_receipt',
        ...paymentReceiptEmail({
          name: user.name,
          appUrl: deps.appUrl,
          amount: invoice.amount_paid,
          currency: invoice.currency,
          invoiceNumber: invoice.number,
          invoiceUrl: invoice.hosted_invoice_url ?? null,
          paidAt: fromUnixOrNull(invoice.status_transitions?.paid_at) ?? now,
        }),
      }));
      await recordPayment(tx, {
        userId,
        kind: 'charge',
        stripeRef: invoice.id,
        amount: invoice.amount_paid,
        currency: invoice.currency,
        invoiceId: invoice.id,
        subscriptionId: subscriptionIdOf(invoice),
        description: `Invoice ${invoice.number ?? invoice.id}`,
        occurredAt: fromUnixOrNull(invoice.status_transitions?.paid_at) ?? now,
        createdAt: now,
      });
    }

    const [stored] = await tx
      .select({ lastEventAt: invoices.lastEventAt, fetched: invoices.fetched })
      .from(invoices)
      .where(eq(invoices.id, invoice.id))
      .for('update');
    const origin: Origin = event
      ? { kind: event.refetched ? 'refetch' : 'event', created: event.created }
      : { kind: 'fetch' };
    const order = decide(stored, origin);
    if (order !== 'apply') return order;
    const values = {
      userId,
      stripeCustomerId: idOf(invoice.customer)!,
      subscriptionId: subscriptionIdOf(invoice),
      number: invoice.number,
      status: invoice.status ?? 'draft',
      amountDue: invoice.amount_due,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      billingReason: invoice.billing_reason,
      periodStart: fromUnixOrNull(invoice.period_start),
      periodEnd: fromUnixOrNull(invoice.period_end),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdf: invoice.invoice_pdf ?? null,
      attemptCount: invoice.attempt_count,
      nextPaymentAttemptAt: fromUnixOrNull(invoice.next_payment_attempt),
      stripeCreatedAt: fromUnix(invoice.created),
      ...nextWatermark(stored, origin),
      syncedAt: now,
    };
    await tx
      .insert(invoices)
      .values({ id: invoice.id, ...values })
      .onConflictDoUpdate({ target: invoices.id, set: values });
    return 'applied';
  });
}

async function logFailure(tx: Db, userId: string, invoice: Stripe.Invoice, now: Date) {
  await recordPayment(tx, {
    userId,
    kind: 'failure',
    stripeRef: `${invoice.id}:${invoice.attempt_count}`,
    amount: invoice.amount_due,
    currency: invoice.currency,
    invoiceId: invoice.id,
    subscriptionId: subscriptionIdOf(invoice),
    description: `Payment attempt ${invoice.attempt_count} for invoice ${invoice.number ?? invoice.id} failed`,
    failureMessage: invoice.last_finalization_error?.message ?? null,
    occurredAt: now,
    createdAt: now,
  });
}
