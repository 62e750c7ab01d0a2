import { sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { shareCachesWith } from '../billing/sync/stripe-ids.ts';
import type { Db } from '../platform/db/database.ts';

/**
 * Runs `work` in one transaction, with deps whose `db` is that transaction and whose
 * `db.transaction(fn)` runs `fn` in it too, without a savepoint: the handlers of several events then
 * share one commit (one WAL flush) instead of paying one each. All or nothing: should any statement
 * fail, everything `work` wrote is rolled back and the error thrown, and the caller redoes the work
 * one transaction per event.
 */
export async function inSharedTransaction<T>(
  deps: BillingDeps,
  work: (shared: BillingDeps) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const db = Object.create(tx, {
      transaction: { value: (fn: (inner: Db) => unknown) => fn(tx) },
    }) as Db;
    const result = await work(shareCachesWith(deps, { ...deps, db }));
    // A handler that caught a failed statement and went on leaves the transaction aborted, and
    // PostgreSQL answers COMMIT of an aborted transaction with a silent rollback. This fails instead.
    await tx.execute(sql`select 1`);
    return result;
  });
}
