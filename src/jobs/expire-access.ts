import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { mailUser } from '../billing/sync/lifecycle-emails.ts';
import { accessExpiredEmail } from '../email/templates/lifecycle.ts';
import { accessGrants } from '../platform/db/schema/index.ts';

/**
 * Closes grants past their end; a user left with no active grant is back on the free tier and is
 * told, with a link to renew. Batched; each batch is one transaction.
 */
export async function expireAccess(deps: BillingDeps, batchSize = 1000): Promise<number> {
  const now = deps.clock.now();
  let total = 0;
  for (;;) {
    const ended = await deps.db.transaction(async (tx) => {
      const rows = await tx
        .update(accessGrants)
        .set({ status: 'ended', updatedAt: now })
        .where(
          inArray(
            accessGrants.id,
            tx
              .select({ id: accessGrants.id })
              .from(accessGrants)
              .where(and(eq(accessGrants.status, 'active'), lte(accessGrants.endsAt, now)))
              .limit(batchSize)
              .for('update', { skipLocked: true }),
          ),
        )
        .returning({
          id: accessGrants.id,
          userId: accessGrants.userId,
          planId: accessGrants.planId,
          source: accessGrants.source,
        });
      if (rows.length === 0) return rows;
      const stillActive = new Set(
        (
          await tx
            .selectDistinct({ userId: accessGrants.userId })
            .from(accessGrants)
            .where(
              and(
                inArray(
                  accessGrants.userId,
                  rows.map((r) => r.userId),
                ),
                eq(accessGrants.status, 'active'),
                sql`(${accessGrants.endsAt} is null or ${accessGrants.endsAt} > ${now})`,
              ),
            )
        ).map((r) => r.userId),
      );
      for (const grant of rows) {
        if (stillActive.has(grant.userId)) continue;
        await mailUser(tx, grant.userId, now, (user) => ({
          dedupeKey: `access-expired:${grant.source === 'subscription' ? 'grant' : grant.source}:${grant.id}`,
          kind: 'access_expired',
          ...accessExpiredEmail({
            name: user.name,
            appUrl: deps.appUrl,
            planName: deps.catalog.plan(grant.planId)?.name ?? grant.planId,
          }),
        }));
      }
      return rows;
    });
    total += ended.length;
    if (ended.length < batchSize) return total;
  }
}
