import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { invoices, paymentLog } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The user's invoices, newest first; `startingAfter` is the id of the last invoice of the previous page. */
export async function listInvoices(
  db: Db,
  userId: string,
  input: { limit: number; startingAfter?: string | undefined },
) {
  let cursor;
  if (input.startingAfter) {
    const [after] = await db
      .select({ at: invoices.stripeCreatedAt, id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.id, input.startingAfter), eq(invoices.userId, userId)));
    if (!after) throw notFound('No such invoice.');
    cursor = or(
      lt(invoices.stripeCreatedAt, after.at),
      and(eq(invoices.stripeCreatedAt, after.at), lt(invoices.id, after.id)),
    );
  }
  const rows = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.userId, userId), cursor))
    .orderBy(desc(invoices.stripeCreatedAt), desc(invoices.id))
    .limit(input.limit + 1);
  return {
    invoices: rows.slice(0, input.limit).map((i) => ({
      id: i.id,
      number: i.number,
      status: i.status,
      amountDue: i.amountDue,
      amountPaid: i.amountPaid,
      currency: i.currency,
      createdAt: i.stripeCreatedAt.toISOString(),
      periodStart: iso(i.periodStart),
      periodEnd: iso(i.periodEnd),
      hostedInvoiceUrl: i.hostedInvoiceUrl,
      invoicePdf: i.invoicePdf,
    })),
    hasMore: rows.length > input.limit,
  };
}

export async function listPayments(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(paymentLog)
    .where(eq(paymentLog.userId, userId))
    .orderBy(desc(paymentLog.occurredAt))
    .limit(200);
  return rows.map((p) => ({
    id: p.id,
    kind: p.kind,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    invoiceId: p.invoiceId,
    failureMessage: p.failureMessage,
    occurredAt: p.occurredAt.toISOString(),
  }));
}
