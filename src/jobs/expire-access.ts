import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { enqueueEmails } from '../email/outbox.ts';
import { accessExpiredEmail } from '../email/templates/lifecycle.ts';
import { accessGrants, users } from '../platform/db/schema/index.ts';

/**
 * Closes grants past their end; a user left with no active grant is back on the free tier and is
 * told, with a link to renew. Each batch is one transaction of four statements.
 */
export async function expireAccess(deps: BillingDeps, batchSize = 5000): Promise<number> {
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
      if (rows.length === 0) return 0;
      const userIds = [...new Set(rows.map((r) => r.userId))];
      const stillActive = new Set(
        (
          await tx
            .selectDistinct({ userId: accessGrants.userId })
            .from(accessGrants)
            .where(
              and(
                sql`${accessGrants.userId} = any(${sql.param(userIds)}::uuid[])`,
                eq(accessGrants.status, 'active'),
                sql`(${accessGrants.endsAt} is null or ${accessGrants.endsAt} > ${now})`,
              ),
            )
        ).map((r) => r.userId),
      );
      const people = new Map(
        (
          await tx
            .select({ id: users.id, email: users.email, name: users.name })
            .from(users)
            .where(sql`${users.id} = any(${sql.param(userIds)}::uuid[])`)
        ).map((u) => [u.id, u]),
      );
      await enqueueEmails(
        tx,
        rows
          .filter((grant) => !stillActive.has(grant.userId) && people.has(grant.userId))
          .map((grant) => ({
            dedupeKey: `access-expired:${grant.source === 'subscription' ? 'grant' : grant.source}:${grant.id}`,
            kind: 'access_expired',
            to: people.get(grant.userId)!.email,
            userId: grant.userId,
            ...accessExpiredEmail({
              name: people.get(grant.userId)!.name,
              appUrl: deps.appUrl,
              planName: deps.catalog.plan(grant.planId)?.name ?? grant.planId,
            }),
          })),
        now,
      );
      return rows.length;
    });
    total += ended;
    if (ended < batchSize) return total;
  }
}
