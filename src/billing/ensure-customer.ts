import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { billingCustomers, type User } from '../platform/db/schema/index.ts';
import { createCustomer } from '../stripe/customers.ts';
import type { StripeAccess } from '../stripe/client.ts';

/**
 * The user's Stripe customer, created on first need. The Stripe call carries an idempotency key per
 * user and the row is unique per user, so retries and double clicks end with one customer.
 */
export async function ensureCustomer(
  deps: { db: Db; stripe: StripeAccess },
  user: User,
  now: Date,
): Promise<string> {
  const existing = await customerIdOf(deps.db, user.id);
  if (existing) return existing;
  const customer = await createCustomer(deps.stripe.client, {
    userId: user.id,
    email: user.email,
    name: user.name,
  });
  await deps.db
    .insert(billingCustomers)
    .values({ userId: user.id, stripeCustomerId: customer.id, createdAt: now })
    .onConflictDoNothing({ target: billingCustomers.userId });
  return (await customerIdOf(deps.db, user.id))!;
}

export async function customerIdOf(db: Db, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: billingCustomers.stripeCustomerId })
    .from(billingCustomers)
    .where(eq(billingCustomers.userId, userId))
    .limit(1);
  return row?.id;
}
