import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSubscription, type SubscriptionUpsert } from '../../src/billing/sync/upsert-subscription.ts';
import { billingCustomers, subscriptions, users } from '../../src/platform/db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let row: SubscriptionUpsert;
beforeAll(async () => {
  database = await createTestDatabase();
  const now = new Date('2026-03-01T12:00:00.123Z');
  const [user] = await database.db
    .insert(users)
    .values({ email: 'once@example.com', passwordHash: 'x', createdAt: now, updatedAt: now })
    .returning();
  await database.db
    .insert(billingCustomers)
    .values({ userId: user!.id, stripeCustomerId: 'cus_once', createdAt: now });
  row = {
    id: 'sub_once',
    userId: user!.id,
    stripeCustomerId: 'cus_once',
    status: 'active',
    planId: 'pro',
    priceId: 'pro_monthly',
    stripePriceId: 'price_once',
    interval: 'month',
    amount: 900,
    currency: 'usd',
    mrr: 900,
    discounts: [],
    currentPeriodStart: now,
    currentPeriodEnd: new Date('2026-04-01T12:00:00.123Z'),
    trialStart: null,
    trialEnd: null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    paused: false,
    endReason: null,
    stripeCreatedAt: now,
    lastEventAt: 1_772_366_400,
    fetched: false,
    syncedAt: now,
  };
});
afterAll(() => database.close());

const stored = async () => {
  const rows = await database.db.select().from(subscriptions).where(eq(subscriptions.id, 'sub_once'));
  return rows.map(({ cancellationReason: _r, cancellationFeedback: _f, ...rest }) => rest);
};

describe('a statement built once', () => {
  it('writes each run its own values, encoded per column, nulls as null, on the pool and in a transaction', async () => {
    await upsertSubscription(database.db, row);
    expect(await stored()).toEqual([row]);
    const canceled = {
      ...row,
      status: 'canceled',
      mrr: 0,
      discounts: [
        {
          id: 'di_1',
          percentOff: 25,
          amountOff: null,
          currency: null,
          duration: 'repeating',
          start: 1_772_366_400,
          end: 1_777_636_800,
          current: true,
        },
      ],
      canceledAt: new Date('2026-03-15T00:00:00.000Z'),
      endReason: 'cancellation_requested',
      lastEventAt: row.lastEventAt + 1,
    } satisfies SubscriptionUpsert;
    await database.db.transaction((tx) => upsertSubscription(tx, canceled));
    expect(await stored()).toEqual([canceled]);
  });

  it('writes nothing when its transaction rolls back', async () => {
    const failed = database.db.transaction(async (tx) => {
      await upsertSubscription(tx, { ...row, status: 'past_due' });
      throw new Error('rolled back');
    });
    await expect(failed).rejects.toThrow('rolled back');
    expect((await stored())[0]!.status).toBe('canceled');
  });

  it('refuses a missing value rather than write a default', async () => {
    const { endReason: _left, ...missing } = row;
    await expect(upsertSubscription(database.db, missing as SubscriptionUpsert)).rejects.toThrow(
      'no value for "endReason"',
    );
  });
});
