import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { enqueueEmails } from '../email/outbox.ts';
import { expiryWarningEmail } from '../email/templates/lifecycle.ts';
import { accessGrants, users } from '../platform/db/schema/index.ts';

export const WARNING_DAYS = 3;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Warns users whose access ends within 3 days: a pass, an admin grant, or a subscription that will
 * not renew. One warning per access window (the grant's end is remembered); none when another grant
 * carries the access on past that end. Each batch is three statements, whatever its size.
 */
export async function sendExpiryWarnings(deps: BillingDeps, batchSize = 5000): Promise<number> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + WARNING_DAYS * DAY_MS);
  let total = 0;
  for (;;) {
    const sent = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select({
          id: accessGrants.id,
          userId: accessGrants.userId,
          planId: accessGrants.planId,
          endsAt: accessGrants.endsAt,
          email: users.email,
          name: users.name,
        })
        .from(accessGrants)
        .innerJoin(users, eq(users.id, accessGrants.userId))
        .where(
          and(
            eq(accessGrants.status, 'active'),
            eq(accessGrants.renews, false),
            gt(accessGrants.endsAt, now),
            lte(accessGrants.endsAt, horizon),
            or(isNull(accessGrants.warnedForEndsAt), ne(accessGrants.warnedForEndsAt, accessGrants.endsAt)),
            sql`not exists (select 1 from access_grants later where later.user_id = ${accessGrants.userId}
                  and later.status = 'active' and later.id <> ${accessGrants.id}
                  and later.starts_at <= ${accessGrants.endsAt}
                  and (later.ends_at is null or later.ends_at > ${accessGrants.endsAt}))`,
          ),
        )
        .limit(batchSize)
        .for('update', { of: accessGrants, skipLocked: true });
      if (due.length === 0) return 0;
      await enqueueEmails(
        tx,
        due.map((grant) => ({
          dedupeKey: `expiry-warning:${grant.id}:${grant.endsAt!.toISOString()}`,
          kind: 'expiry_warning',
          to: grant.email,
          userId: grant.userId,
          ...expiryWarningEmail({
            name: grant.name,
            appUrl: deps.appUrl,
            planName: deps.catalog.plan(grant.planId)?.name ?? grant.planId,
            endsAt: grant.endsAt!,
            daysRemaining: Math.max(1, Math.ceil((grant.endsAt!.getTime() - now.getTime()) / DAY_MS)),
          }),
        })),
        now,
      );
      await tx
        .update(accessGrants)
        .set({ warnedForEndsAt: sql`${accessGrants.endsAt}` })
        .where(sql`${accessGrants.id} = any(${sql.param(due.map((g) => g.id))}::uuid[])`);
      return due.length;
    });
    total += sent;
    if (sent < batchSize) return total;
  }
}
