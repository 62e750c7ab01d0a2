import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { accessGrants } from '../../platform/db/schema/index.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { subscriptionAccess, willRenew, type SubscriptionState } from '../domain/subscription-access.ts';

/**
 * Keeps the subscription's access grant in step with its status (one grant per subscription).
 * `alongside` is a write to run first, in the same statement when possible (the subscription's own
 * upsert): one round trip to the database instead of two, on the path every subscription event takes.
 */
export async function syncSubscriptionGrant(
  tx: Db,
  sub: SubscriptionState & {
    id: string;
    userId: string;
    planId: string | null;
    startDate: Date;
    endedAt: Date | null;
  },
  deps: Pick<BillingDeps, 'accessPolicy'>,
  now: Date,
  alongside?: SQLWrapper & PromiseLike<unknown>,
): Promise<void> {
  const access = sub.planId ? subscriptionAccess(sub, deps.accessPolicy) : null;
  if (access && sub.planId) {
    const upsert = tx
      .insert(accessGrants)
      .values({
        userId: sub.userId,
        planId: sub.planId,
        source: 'subscription',
        sourceRef: sub.id,
        // We learn of a subscription after Stripe started it; a clock a second behind Stripe's must
        // not leave a fresh subscriber without access.
        startsAt: sub.startDate < now ? sub.startDate : now,
        endsAt: access.endsAt,
        status: 'active',
        renews: willRenew(sub),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [accessGrants.source, accessGrants.sourceRef],
        set: {
          planId: sub.planId,
          endsAt: access.endsAt,
          status: 'active',
          renews: willRenew(sub),
          updatedAt: now,
        },
      });
    // A data-modifying WITH runs even though nothing reads it; the grant does not read it either.
    await (alongside
      ? tx.execute(sql`with alongside as (${alongside.getSQL()}) ${upsert.getSQL()}`)
      : upsert);
    return;
  }
  if (alongside) await alongside;
  const [grant] = await tx
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.source, 'subscription'), eq(accessGrants.sourceRef, sub.id)));
  if (!grant || grant.status !== 'active') return;
  const endedAt = sub.endedAt && sub.endedAt < now ? sub.endedAt : now;
  await tx
    .update(accessGrants)
    .set({
      status: 'ended',
      endsAt: grant.endsAt && grant.endsAt < endedAt ? grant.endsAt : endedAt,
      updatedAt: now,
    })
    .where(eq(accessGrants.id, grant.id));
}
