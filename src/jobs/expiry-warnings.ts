import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { mailUser } from '../billing/sync/lifecycle-emails.ts';
import { expiryWarningEmail } from '../email/templates/lifecycle.ts';
import { accessGrants } from '../platform/db/schema/index.ts';

export const WARNING_DAYS = 3;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Warns users whose access ends within 3 days: a pass, an admin grant, or a subscription that will
 * not renew. One warning per access window (the grant's end is remembered); none when another grant
 * carries the access on past that end. Batched, so millions of grants cost one indexed scan.
 */
export async function sendExpiryWarnings(deps: BillingDeps, batchSize = 1000): Promise<number> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + WARNING_DAYS * DAY_MS);
  let total = 0;
  for (;;) {
    const due = await deps.db
      .select({
        id: accessGrants.id,
        userId: accessGrants.userId,
        planId: accessGrants.planId,
        endsAt: accessGrants.endsAt,
      })
      .from(accessGrants)
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
      .limit(batchSize);
    if (due.length === 0) return total;
    await deps.db.transaction(async (tx) => {
      for (const grant of due) {
        const endsAt = grant.endsAt!;
        await mailUser(tx, grant.userId, now, (user) => ({
          dedupeKey: `expiry-warning:${grant.id}:${endsAt.toISOString()}`,
          kind: 'expiry_warning',
          ...expiryWarningEmail({
            name: user.name,
            appUrl: deps.appUrl,
            planName: deps.catalog.plan(grant.planId)?.name ?? grant.planId,
            endsAt,
            daysRemaining: Math.max(1, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS)),
          }),
        }));
        await tx.update(accessGrants).set({ warnedForEndsAt: endsAt }).where(eq(accessGrants.id, grant.id));
      }
    });
    total += due.length;
  }
}
