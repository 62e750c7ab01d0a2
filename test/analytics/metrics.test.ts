import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import {
  checkoutSessions,
  paymentLog,
  stripeEvents,
  subscriptions,
  users,
} from '../../src/platform/db/schema/index.ts';
import { expectErrorShape, startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

const d = (iso: string) => new Date(iso);
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-03-31T12:00:00.000Z';

type SubInput = Partial<typeof subscriptions.$inferInsert> & {
  id: string;
  user: number;
  status: string;
  amount: number;
  created: string;
};

/**
 * A hand-built history (amounts in cents, monthly unless said):
 * u1  900 active since 2025-12-01                      u7  trial Jan 5–19, then 900 (charged)
 * u2  yearly 9000 (750/month) since Feb 10             u8  trial Feb 1–15, canceled Feb 10, never paid
 * u3  1900 since 2025-11-01, canceled Feb 20, ended Mar 5 (too_expensive)
 * u4  trialing Mar 20 – Apr 3                          u9  events: 900 from Jan 10, 1900 from Mar 10
 * u5  900 past due since 2025-12-15                    u10 900 ended 2025-12-20; 900 again from Mar 15
 * u6  900 but paused                                   u11 events: 1900 from 2025-12-01, 900 from Feb 5
 * u12 trial Mar 1–15, canceled Mar 3 (too_expensive), ended at the trial's end
 */
async function buildHistory(db: TestApp['database']['db']) {
  const userIds: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const [row] = await db
      .insert(users)
      .values({
        email: `u${i}@example.com`,
        passwordHash: 'x',
        createdAt: d('2025-09-01T00:00:00Z'),
        updatedAt: d('2025-09-01T00:00:00Z'),
      })
      .returning({ id: users.id });
    userIds.push(row!.id);
  }
  const sub = ({ id, user, status, amount, created, ...rest }: SubInput) => ({
    id,
    userId: userIds[user - 1]!,
    stripeCustomerId: `cus_${user}`,
    status,
    planId: 'pro',
    stripePriceId: 'price_x',
    interval: 'month',
    amount,
    currency: 'usd',
    mrr: 0,
    currentPeriodStart: d(created),
    currentPeriodEnd: d('2026-04-30T00:00:00Z'),
    stripeCreatedAt: d(created),
    syncedAt: d(created),
    ...rest,
  });
  await db.insert(subscriptions).values([
    sub({ id: 'sub_1', user: 1, status: 'active', amount: 900, mrr: 900, created: '2025-12-01T00:00:00Z' }),
    sub({
      id: 'sub_2',
      user: 2,
      status: 'active',
      amount: 9000,
      interval: 'year',
      mrr: 750,
      created: '2026-02-10T00:00:00Z',
    }),
    sub({
      id: 'sub_3',
      user: 3,
      status: 'canceled',
      amount: 1900,
      created: '2025-11-01T00:00:00Z',
      canceledAt: d('2026-02-20T00:00:00Z'),
      endedAt: d('2026-03-05T00:00:00Z'),
      cancellationReason: 'too_expensive',
    }),
    sub({
      id: 'sub_4',
      user: 4,
      status: 'trialing',
      amount: 900,
      created: '2026-03-20T00:00:00Z',
      trialStart: d('2026-03-20T00:00:00Z'),
      trialEnd: d('2026-04-03T00:00:00Z'),
    }),
    sub({ id: 'sub_5', user: 5, status: 'past_due', amount: 900, mrr: 900, created: '2025-12-15T00:00:00Z' }),
    sub({
      id: 'sub_6',
      user: 6,
      status: 'active',
      amount: 900,
      mrr: 900,
      paused: true,
      created: '2025-10-01T00:00:00Z',
    }),
    sub({
      id: 'sub_7',
      user: 7,
      status: 'active',
      amount: 900,
      mrr: 900,
      created: '2026-01-05T00:00:00Z',
      trialStart: d('2026-01-05T00:00:00Z'),
      trialEnd: d('2026-01-19T00:00:00Z'),
    }),
    sub({
      id: 'sub_8',
      user: 8,
      status: 'canceled',
      amount: 900,
      created: '2026-02-01T00:00:00Z',
      trialStart: d('2026-02-01T00:00:00Z'),
      trialEnd: d('2026-02-15T00:00:00Z'),
      canceledAt: d('2026-02-10T00:00:00Z'),
      endedAt: d('2026-02-15T00:00:00Z'),
      endReason: 'cancellation_requested',
    }),
    sub({
      id: 'sub_9',
      user: 9,
      status: 'active',
      amount: 1900,
      mrr: 1900,
      created: '2026-01-10T00:00:00Z',
      syncedAt: d('2026-03-10T00:00:00Z'),
    }),
    sub({
      id: 'sub_10a',
      user: 10,
      status: 'canceled',
      amount: 900,
      created: '2025-10-01T00:00:00Z',
      canceledAt: d('2025-12-20T00:00:00Z'),
      endedAt: d('2025-12-20T00:00:00Z'),
      cancellationReason: 'switched',
    }),
    sub({
      id: 'sub_10b',
      user: 10,
      status: 'active',
      amount: 900,
      mrr: 900,
      created: '2026-03-15T00:00:00Z',
    }),
    sub({
      id: 'sub_11',
      user: 11,
      status: 'active',
      amount: 900,
      mrr: 900,
      created: '2025-12-01T00:00:00Z',
      syncedAt: d('2026-02-05T00:00:00Z'),
    }),
    sub({
      id: 'sub_12',
      user: 12,
      status: 'canceled',
      amount: 900,
      created: '2026-03-01T00:00:00Z',
      trialStart: d('2026-03-01T00:00:00Z'),
      trialEnd: d('2026-03-15T00:00:00Z'),
      canceledAt: d('2026-03-03T00:00:00Z'),
      endedAt: d('2026-03-15T00:00:00Z'),
      cancellationReason: 'too_expensive',
    }),
  ]);

  const event = (id: string, type: string, at: string, subId: string, customer: string, amount: number) => ({
    id,
    type,
    objectId: subId,
    stripeCreatedAt: d(at),
    receivedAt: d(at),
    status: 'processed' as const,
    payload: {
      id,
      type,
      created: d(at).getTime() / 1000,
      data: {
        object: {
          id: subId,
          customer,
          status: 'active',
          pause_collection: null,
          items: {
            data: [{ quantity: 1, price: { unit_amount: amount, recurring: { interval: 'month' } } }],
          },
        },
      },
    },
  });
  await db
    .insert(stripeEvents)
    .values([
      event('evt_9a', 'customer.subscription.created', '2026-01-10T00:00:00Z', 'sub_9', 'cus_9', 900),
      event('evt_9b', 'customer.subscription.updated', '2026-03-10T00:00:00Z', 'sub_9', 'cus_9', 1900),
      event('evt_11a', 'customer.subscription.created', '2025-12-01T00:00:00Z', 'sub_11', 'cus_11', 1900),
      event('evt_11b', 'customer.subscription.updated', '2026-02-05T00:00:00Z', 'sub_11', 'cus_11', 900),
    ]);

  const pay = (
    kind: 'charge' | 'refund' | 'failure',
    ref: string,
    at: string,
    extra: Partial<typeof paymentLog.$inferInsert> = {},
  ) => ({
    kind,
    stripeRef: ref,
    amount: 900,
    currency: 'usd',
    description: ref,
    occurredAt: d(at),
    createdAt: d(at),
    ...extra,
  });
  await db.insert(paymentLog).values([
    pay('charge', 'in_old', '2025-12-01T00:00:00Z', { userId: userIds[0] }),
    pay('charge', 'in_7', '2026-01-19T00:00:00Z', {
      userId: userIds[6],
      subscriptionId: 'sub_7',
      invoiceId: 'in_7',
    }),
    pay('failure', 'in_r:1', '2026-02-17T00:00:00Z', { userId: userIds[4], invoiceId: 'in_r' }),
    pay('charge', 'in_r', '2026-02-20T00:00:00Z', { userId: userIds[4], invoiceId: 'in_r' }),
    pay('charge', 'in_1', '2026-03-01T00:00:00Z', { userId: userIds[0], invoiceId: 'in_1' }),
    pay('failure', 'in_x:1', '2026-03-10T00:00:00Z', { userId: userIds[4], invoiceId: 'in_x' }),
    pay('refund', 'ch_1:300', '2026-03-02T00:00:00Z', { userId: userIds[0], amount: 300 }),
  ]);

  const session = (id: string, status: 'open' | 'complete' | 'expired', at: string) => ({
    id,
    userId: userIds[0]!,
    priceId: 'pro_monthly',
    mode: 'subscription' as const,
    status,
    paymentStatus: status === 'complete' ? 'paid' : 'unpaid',
    expiresAt: d(at),
    createdAt: d(at),
  });
  await db
    .insert(checkoutSessions)
    .values([
      session('cs_old', 'complete', '2025-12-10T00:00:00Z'),
      session('cs_1', 'complete', '2026-01-10T00:00:00Z'),
      session('cs_2', 'complete', '2026-02-10T00:00:00Z'),
      session('cs_3', 'expired', '2026-02-11T00:00:00Z'),
      session('cs_4', 'complete', '2026-03-15T00:00:00Z'),
    ]);
}

describe('admin metrics on a hand-built history', () => {
  let t: TestApp;
  let admin: TestClient;
  let metrics: Record<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    await createAdmin(t.database.db, { email: 'ops@example.com', password: 'ops-password' }, t.clock.now());
    admin = t.client();
    await admin.login('ops@example.com', 'ops-password');
    await buildHistory(t.database.db);
    const response = await admin.get(`/api/admin/metrics?from=${FROM}&to=${TO}`);
    expect(response.statusCode, response.body).toBe(200);
    metrics = response.data;
  });
  afterAll(() => t?.close());

  it('headline figures come from the mirror: trials and paused excluded, past due included in MRR', () => {
    expect(metrics).toMatchObject({
      mrr: 7150,
      arr: 85_800,
      currency: 'usd',
      activeSubscribers: 6,
      trialing: 1,
      pastDue: 1,
    });
  });

  it('churn over the last 30 days counts paying users who stopped paying', () => {
    expect(metrics.churnRate30d).toBe(0.1429); // u3 of u1 u2 u3 u5 u7 u9 u11
  });

  it('trial conversion, checkout conversion, failed payments and recovered revenue in the window', () => {
    expect(metrics.trialConversionRate).toBe(0.3333); // u7 of u7 u8 u12
    expect(metrics.checkoutConversionRate).toBe(0.75);
    expect(metrics.failedPaymentRate).toBe(0.4); // 2 failures, 3 charges
    expect(metrics.recoveredRevenue).toBe(900);
  });

  it('cancellation reasons in the window, most frequent first', () => {
    expect(metrics.cancellationReasons).toEqual([
      { reason: 'too_expensive', count: 2 },
      { reason: 'cancellation_requested', count: 1 },
    ]);
  });

  it('MRR movements per month add up to the change in MRR', () => {
    expect(metrics.movements).toEqual([
      { month: '2026-01', new: 1800, expansion: 0, contraction: 0, churn: 0, reactivation: 0 },
      { month: '2026-02', new: 750, expansion: 0, contraction: 1000, churn: 0, reactivation: 0 },
      { month: '2026-03', new: 0, expansion: 1000, contraction: 0, churn: 1900, reactivation: 900 },
    ]);
  });

  it('a daily series of MRR and active subscribers', () => {
    const series = metrics.series as { date: string; mrr: number; activeSubscribers: number }[];
    expect(series).toHaveLength(90);
    expect(series[0]).toEqual({ date: '2026-01-01', mrr: 5600, activeSubscribers: 3 });
    expect(series.find((p) => p.date === '2026-01-31')).toEqual({
      date: '2026-01-31',
      mrr: 7400,
      activeSubscribers: 5,
    });
    expect(series.find((p) => p.date === '2026-02-28')).toEqual({
      date: '2026-02-28',
      mrr: 7150,
      activeSubscribers: 6,
    });
    expect(series.at(-1)).toEqual({ date: '2026-03-31', mrr: 7150, activeSubscribers: 6 });
  });

  it('defaults to the last 30 days and validates the range', async () => {
    const response = await admin.get('/api/admin/metrics');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data.series).toHaveLength(31);
    expect(response.data.to).toBe(t.clock.now().toISOString());
    expectErrorShape(await admin.get('/api/admin/metrics?from=yesterday'), 400, 'VALIDATION_FAILED');
    expectErrorShape(await admin.get(`/api/admin/metrics?from=${TO}&to=${FROM}`), 400, 'VALIDATION_FAILED');
    const user = t.client();
    await user.register('someone@example.com');
    expectErrorShape(await user.get('/api/admin/metrics'), 403, 'FORBIDDEN');
    expectErrorShape(await t.client().get('/api/admin/metrics'), 401, 'UNAUTHENTICATED');
  });
});
