import { desc, eq } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import { customerIdOf } from '../billing/ensure-customer.ts';
import { currentSubscription, loadBilling } from '../billing/load-billing.ts';
import type { Db } from '../platform/db/database.ts';
import { accessGrants, subscriptions } from '../platform/db/schema/index.ts';
import { findUserOr404 } from './find-user.ts';
import { grantView, subscriptionView } from './views.ts';

/**
 * The user's Billing plus the Stripe ids and a history: every access grant and every subscription
 * (`kind` tells which), newest first.
 */
export async function getUserSubscription(deps: { db: Db; catalog: Catalog }, userId: string, now: Date) {
  await findUserOr404(deps.db, userId);
  const [billing, customerId, current, grants, subs] = await Promise.all([
    loadBilling(deps.db, deps.catalog, userId, now),
    customerIdOf(deps.db, userId),
    currentSubscription(deps.db, userId),
    deps.db.select().from(accessGrants).where(eq(accessGrants.userId, userId)),
    deps.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.userId, userId))
      .orderBy(desc(subscriptions.stripeCreatedAt)),
  ]);
  const history = [
    ...grants.map((g) => ({ kind: 'grant' as const, ...grantView(g) })),
    ...subs.map((s) => ({ kind: 'subscription' as const, ...subscriptionView(s) })),
  ].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.kind.localeCompare(b.kind));
  return {
    ...billing,
    stripeCustomerId: customerId ?? null,
    stripeSubscriptionId: current?.id ?? null,
    history,
  };
}
