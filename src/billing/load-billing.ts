import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import type { Db } from '../platform/db/database.ts';
import { accessGrants, subscriptions, type SubscriptionRow } from '../platform/db/schema/index.ts';
import { forgetAll, forgetKey, putKey } from '../http/short-cache.ts';
import { buildBillingView, type BillingView } from './domain/billing-view.ts';

/** The cache channel of the entitlement checks' access grants (see GRANTS_CACHE_TTL_MS). */
export const GRANTS_CHANNEL = 'grants';

/** After changing a user's grants outside the billing use-cases (which refresh through loadBilling). */
export const forgetCachedGrants = (userId: string) => forgetKey(GRANTS_CHANNEL, userId);

/** After processing something that may have changed anyone's grants (a webhook event). */
export const forgetAllCachedGrants = () => forgetAll(GRANTS_CHANNEL);

const LIVE_STATUSES = ['trialing', 'active', 'past_due', 'unpaid', 'paused', 'incomplete'];

/** The subscription that is the user's now: a live one, else the latest. */
export async function currentSubscription(db: Db, userId: string): Promise<SubscriptionRow | undefined> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.stripeCreatedAt))
    .limit(10);
  return rows.find((s) => LIVE_STATUSES.includes(s.status)) ?? rows[0];
}

export async function activeGrants(db: Db, userId: string) {
  return db
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.userId, userId), eq(accessGrants.status, 'active')));
}

export async function loadBilling(db: Db, catalog: Catalog, userId: string, now: Date): Promise<BillingView> {
  const [grants, subscription, ended] = await Promise.all([
    activeGrants(db, userId),
    currentSubscription(db, userId),
    db
      .select({ id: accessGrants.id })
      .from(accessGrants)
      .where(and(eq(accessGrants.userId, userId), inArray(accessGrants.status, ['ended', 'revoked'])))
      .limit(1),
  ]);
  // Every billing use-case returns this view after its change commits: the fresh grants replace the
  // entitlement cache's copy, so this instance gates on them at once.
  putKey(GRANTS_CHANNEL, userId, grants);
  return buildBillingView({ grants, subscription, catalog, now, hadAccess: ended.length > 0 });
}

export async function hadTrial(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), isNotNull(subscriptions.trialStart)))
    .limit(1);
  return rows.length > 0;
}
