import type { Db } from '../../platform/db/database.ts';
import { paymentLog } from '../../platform/db/schema/index.ts';

type PaymentEntry = typeof paymentLog.$inferInsert;

/** Appends to the payment log once per (kind, Stripe reference); returns whether it was new. */
export async function recordPayment(tx: Db, entry: PaymentEntry): Promise<boolean> {
  const inserted = await tx
    .insert(paymentLog)
    .values(entry)
    .onConflictDoNothing({ target: [paymentLog.kind, paymentLog.stripeRef] })
    .returning({ id: paymentLog.id });
  return inserted.length > 0;
}
