import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { accessGrants } from '../../platform/db/schema/index.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { subscriptionAccess, willRenew, type SubscriptionState } from '../domain/subscription-access.ts';
import { slot, statementOnce } from './statement-once.ts';
import { subscriptionUpsert, upsertSubscription, type SubscriptionUpsert } from './upsert-subscription.ts';

interface GrantValues {
  grantUserId: string;
  grantPlanId: string;
  grantSourceRef: string;
  grantStartsAt: Date;
  grantEndsAt: Date | null;
  grantRenews: boolean;
  grantNow: Date;
}

const grantUpsert = (db: Db) =>
  db
    .insert(accessGrants)
    .values({
      userId: slot('grantUserId'),
      planId: slot('grantPlanId'),
      source: 'subscription',
      sourceRef: slot('grantSourceRef'),
      startsAt: slot('grantStartsAt'),
      endsAt: slot('grantEndsAt'),
      status: 'active',
      renews: slot('grantRenews'),
      createdAt: slot('grantNow'),
      updatedAt: slot('grantNow'),
    })
    .onConflictDoUpdate({
      target: [accessGrants.source, accessGrants.sourceRef],
      set: {
        planId: slot('grantPlanId'),
        endsAt: slot('grantEndsAt'),
        status: 'active',
        renews: slot('grantRenews'),
        updatedAt: slot('grantNow'),
      },
    });

const upsertGrant = statementOnce<GrantValues>('tollgate_upsert_grant', (db) =>
  grantUpsert(db).prepare('tollgate_upsert_grant'),
);

// A data-modifying WITH runs even though nothing reads it; the grant does not read it either.
const upsertSubscriptionAndGrant = statementOnce<SubscriptionUpsert & GrantValues>(
  'tollgate_upsert_subscription_and_grant',
  (db) => db.execute(sql`with alongside as (${subscriptionUpsert(db).getSQL()}) ${grantUpsert(db).getSQL()}`),
);

/**
 * Keeps the subscription's access grant in step with its status (one grant per subscription).
 * `alongside` is the subscription's own row, upserted first, in the same statement when possible:
 * one round trip to the database instead of two, on the path every subscription event takes.
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
  alongside?: SubscriptionUpsert,
): Promise<void> {
  const access = sub.planId ? subscriptionAccess(sub, deps.accessPolicy) : null;
  if (access && sub.planId) {
    const grant: GrantValues = {
      grantUserId: sub.userId,
      grantPlanId: sub.planId,
      grantSourceRef: sub.id,
      // We learn of a subscription after Stripe started it; a clock a second behind Stripe's must
      // not leave a fresh subscriber without access.
      grantStartsAt: sub.startDate < now ? sub.startDate : now,
      grantEndsAt: access.endsAt,
      grantRenews: willRenew(sub),
      grantNow: now,
    };
    await (alongside ? upsertSubscriptionAndGrant(tx, { ...alongside, ...grant }) : upsertGrant(tx, grant));
    return;
  }
  if (alongside) await upsertSubscription(tx, alongside);
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
