import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Db } from '../../platform/db/database.ts';
import { billingCustomers } from '../../platform/db/schema/index.ts';
import { PLAN_METADATA_KEY } from '../../stripe/catalog.ts';

/** Expandable Stripe fields are an id or an object; never cast, read the id. */
export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

export const fromUnix = (seconds: number) => new Date(seconds * 1000);
export const fromUnixOrNull = (seconds: number | null | undefined) => (seconds ? fromUnix(seconds) : null);

/** Only customers this app created are ours: an event about anyone else's customer is ignored. */
export async function userIdForCustomer(db: Db, customerId: string | null): Promise<string | undefined> {
  if (!customerId) return undefined;
  const [row] = await db
    .select({ userId: billingCustomers.userId })
    .from(billingCustomers)
    .where(eq(billingCustomers.stripeCustomerId, customerId))
    .limit(1);
  return row?.userId;
}

// Per app (its BillingDeps): Stripe customer id → [user id, when looked up].
const knownCustomers = new WeakMap<object, Map<string, [string, number]>>();
const KNOWN_CUSTOMER_MS = 60_000;
const KNOWN_CUSTOMERS_MAX = 50_000;
// Deps made for one piece of work (a shared transaction) → the app's deps, whose caches they use.
const cacheOwners = new WeakMap<object, object>();

/** Lets `derived` (the app's deps with another db handle) use the caches of `owner`. */
export function shareCachesWith<T extends object>(owner: object, derived: T): T {
  cacheOwners.set(derived, cacheOwners.get(owner) ?? owner);
  return derived;
}

/**
 * userIdForCustomer, remembered for a minute by this app: the link between a Stripe customer and a
 * user is written once and never re-pointed, so the webhook hot path saves a query per event. Only
 * found links are kept. Should the user be deleted meanwhile, events about the customer fail (their
 * rows reference the user) and are retried; after the minute they are ignored, as they would be at once.
 */
export async function knownUserIdForCustomer(
  owner: object,
  db: Db,
  customerId: string | null,
): Promise<string | undefined> {
  if (!customerId) return undefined;
  const app = cacheOwners.get(owner) ?? owner;
  let known = knownCustomers.get(app);
  if (!known) knownCustomers.set(app, (known = new Map()));
  const now = performance.now();
  const hit = known.get(customerId);
  if (hit && now - hit[1] < KNOWN_CUSTOMER_MS) return hit[0];
  const userId = await userIdForCustomer(db, customerId);
  if (userId) {
    if (known.size >= KNOWN_CUSTOMERS_MAX) known.clear();
    known.set(customerId, [userId, now]);
  } else known.delete(customerId);
  return userId;
}

/**
 * Our price id for a Stripe price: its lookup key, or (after a price change moved the key to a new
 * price) the id recorded in its metadata when it was created.
 */
export function catalogPriceFor(price: Stripe.Price, catalog: Catalog) {
  const id = price.lookup_key ?? price.metadata?.tollgate_price_id;
  const known = id ? catalog.price(id) : undefined;
  const planId = known?.planId ?? price.metadata?.[PLAN_METADATA_KEY] ?? null;
  return { priceId: known?.id ?? id ?? null, planId: planId && catalog.plan(planId) ? planId : null };
}
