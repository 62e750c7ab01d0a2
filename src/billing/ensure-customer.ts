import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { billingCustomers, type User } from '../platform/db/schema/index.ts';
import { createCustomer, createTestClock } from '../stripe/customers.ts';
import type { StripeAccess } from '../stripe/client.ts';

/**
 * The user's Stripe customer, created on first need. The Stripe calls carry an idempotency key per
 * user and the row is unique per user, so retries and double clicks end with one customer.
 */
export async function ensureCustomer(
  deps: { db: Db; stripe: StripeAccess; testClocks: boolean },
  user: User,
  now: Date,
): Promise<string> {
  const existing = await customerIdOf(deps.db, user.id);
  if (existing) return existing;
  try {
    return await createCustomerFor(deps, user, now);
  } catch (error) {
    // A concurrent request for the same user (a double click) may hold the idempotency key; once it
    // has stored the customer, that one is the answer.
    for (let i = 0; i < 20; i++) {
      const stored = await customerIdOf(deps.db, user.id);
      if (stored) return stored;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw error;
  }
}

async function createCustomerFor(
  deps: { db: Db; stripe: StripeAccess; testClocks: boolean },
  user: User,
  now: Date,
): Promise<string> {
  // Development: every customer lives on a test clock of its own (Stripe allows three per clock),
  // set to the app's instant, so time travel moves each of them with the app.
  const testClock = deps.testClocks
    ? await createTestClock(deps.stripe.client, { userId: user.id, frozenAt: now })
    : undefined;
  const customer = await createCustomer(deps.stripe.client, {
    userId: user.id,
    email: user.email,
    name: user.name,
    testClockId: testClock?.id,
  });
  await deps.db
    .insert(billingCustomers)
    .values({
      userId: user.id,
      stripeCustomerId: customer.id,
      testClockId: testClock?.id ?? null,
      createdAt: now,
    })
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
