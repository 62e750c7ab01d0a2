import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { paymentLog } from '../platform/db/schema/index.ts';
import { offsetOf, type Page } from './paging.ts';
import { paymentView } from './views.ts';

/** The payment log, newest first; `status` filters by kind (charge, refund, failure). */
export async function listPayments(
  db: Db,
  input: Page & { userId?: string | undefined; status?: 'charge' | 'refund' | 'failure' | undefined },
) {
  const filters: SQL[] = [];
  if (input.userId) filters.push(eq(paymentLog.userId, input.userId));
  if (input.status) filters.push(eq(paymentLog.kind, input.status));
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(paymentLog)
      .where(where)
      .orderBy(desc(paymentLog.occurredAt), desc(paymentLog.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    db.select({ n: count() }).from(paymentLog).where(where),
  ]);
  return { payments: rows.map(paymentView), total: total?.n ?? 0 };
}
