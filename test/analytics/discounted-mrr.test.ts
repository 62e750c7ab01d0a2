import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import type { SubscriptionDiscount } from '../../src/billing/domain/mrr.ts';
import { stripeEvents, subscriptions, users } from '../../src/platform/db/schema/index.ts';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

const d = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-03-31T12:00:00.000Z';

const discount = (
  id: string,
  terms: Partial<SubscriptionDiscount> & Pick<SubscriptionDiscount, 'duration' | 'start'>,
): SubscriptionDiscount => ({
  id,
  percentOff: null,
  amountOff: null,
  currency: null,
  end: null,
  current: true,
  ...terms,
});

/**
 * Four customers with coupons (amounts in cents; the mirror keeps each discount's terms, the stored
 * events name discounts by id only, as Stripe's do):
 * u1 premium 1900/month from Jan 10 with 50% off for two months (ends Mar 10): 950, then 1900
 * u2 pro yearly 9000 from Feb 1 with 12.00 off forever: (9000 − 1200) / 12 = 650
 * u3 pro 900/month from Jan 5 with 100% off once: a single invoice, MRR 900
 * u4 pro 900/month from Jan 1 with 20% off forever: 720; moved to premium 1900 without it on Feb 15
 */
async function buildHistory(db: TestApp['database']['db']) {
  const userIds: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const [row] = await db
      .insert(users)
      .values({
        email: `coupon${i}@example.com`,
        passwordHash: 'x',
        createdAt: d('2025-09-01T00:00:00Z'),
        updatedAt: d('2025-09-01T00:00:00Z'),
      })
      .returning({ id: users.id });
    userIds.push(row!.id);
  }
  const half = discount('di_1', {
    percentOff: 50,
    duration: 'repeating',
    start: ms('2026-01-10T00:00:00Z'),
    end: ms('2026-03-10T00:00:00Z'),
  });
  const twelveOff = discount('di_2', {
    amountOff: 1200,
    currency: 'usd',
    duration: 'forever',
    start: ms('2026-02-01T00:00:00Z'),
  });
  const firstFree = discount('di_3', {
    percentOff: 100,
    duration: 'once',
    start: ms('2026-01-05T00:00:00Z'),
  });
  const loyal = discount('di_4', {
    percentOff: 20,
    duration: 'forever',
    start: ms('2026-01-01T00:00:00Z'),
    current: false,
  });
  const sub = (
    id: string,
    user: number,
    amount: number,
    interval: string,
    created: string,
    mrr: number,
    discounts: SubscriptionDiscount[],
    synced = created,
  ) => ({
    id,
    userId: userIds[user - 1]!,
    stripeCustomerId: `cus_${user}`,
    status: 'active',
    planId: 'pro',
    stripePriceId: 'price_x',
    interval,
    amount,
    currency: 'usd',
    mrr,
    discounts,
    currentPeriodStart: d(created),
    currentPeriodEnd: d('2026-04-30T00:00:00Z'),
    stripeCreatedAt: d(created),
    syncedAt: d(synced),
  });
  await db.insert(subscriptions).values([
    // Synced when it started: the mirror still says 950 after the discount ended.
    sub('sub_1', 1, 1900, 'month', '2026-01-10T00:00:00Z', 950, [half]),
    sub('sub_2', 2, 9000, 'year', '2026-02-01T00:00:00Z', 650, [twelveOff]),
    sub('sub_3', 3, 900, 'month', '2026-01-05T00:00:00Z', 900, [firstFree]),
    sub('sub_4', 4, 1900, 'month', '2026-01-01T00:00:00Z', 1900, [loyal], '2026-02-15T00:00:00Z'),
  ]);

  const event = (
    id: string,
    at: string,
    subId: string,
    amount: number,
    interval: string,
    discounts: string[],
  ) => ({
    id,
    type: 'customer.subscription.updated',
    objectId: subId,
    stripeCreatedAt: d(at),
    receivedAt: d(at),
    status: 'processed' as const,
    payload: {
      id,
      type: 'customer.subscription.updated',
      created: d(at).getTime() / 1000,
      data: {
        object: {
          id: subId,
          customer: `cus_${subId.slice(4)}`,
          status: 'active',
          currency: 'usd',
          pause_collection: null,
          discounts,
          items: { data: [{ quantity: 1, price: { unit_amount: amount, recurring: { interval } } }] },
        },
      },
    },
  });
  await db.insert(stripeEvents).values([
    event('evt_1', '2026-01-10T00:00:00Z', 'sub_1', 1900, 'month', ['di_1']),
    event('evt_2', '2026-02-01T00:00:00Z', 'sub_2', 9000, 'year', ['di_2']),
    event('evt_3', '2026-01-05T00:00:00Z', 'sub_3', 900, 'month', ['di_3']),
    event('evt_4a', '2026-01-01T00:00:00Z', 'sub_4', 900, 'month', ['di_4']),
    event('evt_4b', '2026-02-15T00:00:00Z', 'sub_4', 1900, 'month', []),
    // A discount no longer known (its terms were never synced) cannot lower MRR.
    event('evt_4c', '2025-12-01T00:00:00Z', 'sub_4', 900, 'month', ['di_unknown']),
  ]);
}

describe('admin metrics: MRR after coupons', () => {
  let t: TestApp;
  let admin: TestClient;
  let metrics: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set(d(TO));
    await createAdmin(t.database.db, { email: 'ops@example.com', password: 'ops-password' }, t.clock.now());
    admin = t.client();
    await admin.login('ops@example.com', 'ops-password');
    await buildHistory(t.database.db);
    const response = await admin.get(`/api/admin/metrics?from=${FROM}&to=${TO}`);
    expect(response.statusCode, response.body).toBe(200);
    metrics = response.data;
  });
  afterAll(() => t?.close());

  it('headline MRR deducts the discounts in effect now, including one that ended since its sync', () => {
    // u1 1900 (its two months are over), u2 650, u3 900, u4 1900.
    expect(metrics).toMatchObject({ mrr: 5350, arr: 64_200, activeSubscribers: 4 });
  });

  it('the daily series applies each discount while it lasts', () => {
    const at = (date: string) => metrics.series.find((p: { date: string }) => p.date === date)?.mrr;
    expect(metrics.series[0]).toMatchObject({ date: '2026-01-01', mrr: 720 }); // u4 at 20% off
    expect(at('2026-01-31')).toBe(950 + 900 + 720);
    expect(at('2026-02-28')).toBe(950 + 650 + 900 + 1900);
    expect(at('2026-03-09')).toBe(950 + 650 + 900 + 1900);
    expect(at('2026-03-10')).toBe(1900 + 650 + 900 + 1900);
    expect(at('2026-03-31')).toBe(5350);
  });

  it('movements: a discount ending is expansion, a dropped coupon with a plan change too', () => {
    expect(metrics.movements).toEqual([
      { month: '2026-01', new: 950 + 900, expansion: 0, contraction: 180, churn: 0, reactivation: 0 },
      { month: '2026-02', new: 650, expansion: 1180, contraction: 0, churn: 0, reactivation: 0 },
      { month: '2026-03', new: 0, expansion: 950, contraction: 0, churn: 0, reactivation: 0 },
    ]);
  });
});
