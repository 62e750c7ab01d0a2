import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingCustomers, paymentLog, subscriptions } from '../../src/platform/db/schema/index.ts';
import { startBillingApp, payOnCheckoutPage, type BillingApp } from '../support/billing-app.ts';
import { expectErrorShape } from '../support/test-app.ts';

let t: BillingApp;
beforeAll(async () => {
  t = await startBillingApp();
});
afterAll(() => t.close());

const rows = async (
  table: typeof subscriptions | typeof billingCustomers | typeof paymentLog,
  userId: string,
) => (await t.database.db.select({ n: count() }).from(table).where(eq(table.userId, userId)))[0]!.n;

describe('subscribe through Stripe Checkout', () => {
  it('4242 → Pro on the success page, then after the webhook: one customer, one subscription, one payment', async () => {
    const client = t.client();
    const user = await client.register('subscriber@example.com');
    const start = await client.post('/api/billing/checkout', { priceId: 'premium_monthly' });
    expect(start.statusCode).toBe(200);
    expect(start.data.checkoutUrl).toMatch(/\/checkout\/cs_/);
    expect(start.data.sessionId).toMatch(/^cs_/);
    expect(new Date(start.data.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const paid = await payOnCheckoutPage(start.data.checkoutUrl);
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`http://tollgate.test/billing/success?session_id=${start.data.sessionId}`);

    const success = await client.get(`/api/billing/checkout/${start.data.sessionId}`);
    expect(success.statusCode).toBe(200);
    expect(success.data).toMatchObject({ status: 'complete', paymentStatus: 'paid' });
    expect(success.data.billing).toMatchObject({
      tier: 'premium',
      isPro: true,
      status: 'active',
      source: 'subscription',
      autoRenew: true,
      cancelAtPeriodEnd: false,
      plan: { id: 'premium', name: 'Premium' },
      priceId: 'premium_monthly',
    });
    expect(success.data.billing.features).toContain('priority_support');

    await t.settle();
    const status = await client.get('/api/billing/status');
    expect(status.data).toMatchObject({ tier: 'premium', status: 'active' });
    expect(await rows(billingCustomers, user.id)).toBe(1);
    expect(await rows(subscriptions, user.id)).toBe(1);
    expect(await rows(paymentLog, user.id)).toBe(1);
    const [payment] = await t.database.db.select().from(paymentLog).where(eq(paymentLog.userId, user.id));
    expect(payment).toMatchObject({ kind: 'charge', amount: 1900, currency: 'usd' });

    // The premium feature works now.
    expect((await client.get('/api/pro/report')).statusCode).toBe(200);

    // A second checkout while subscribed is refused.
    expectErrorShape(
      await client.post('/api/billing/checkout', { priceId: 'pro_monthly' }),
      409,
      'ALREADY_SUBSCRIBED',
    );
  });

  it('starts the plan trial, once per user', async () => {
    const client = t.client();
    await client.register('trial@example.com');
    const start = await client.post('/api/billing/checkout', { priceId: 'pro_monthly' });
    await payOnCheckoutPage(start.data.checkoutUrl);
    const success = await client.get(`/api/billing/checkout/${start.data.sessionId}`);
    expect(success.data.billing).toMatchObject({ tier: 'pro', status: 'trialing', autoRenew: true });
    const trialEnd = new Date(success.data.billing.trialEnd).getTime();
    expect(Math.round((trialEnd - Date.now()) / 86_400_000)).toBe(14);

    // Cancelled at once, then subscribing again: no second trial.
    await client.post('/api/billing/cancel', { atPeriodEnd: false });
    const again = await client.post('/api/billing/checkout', { priceId: 'pro_monthly' });
    await payOnCheckoutPage(again.data.checkoutUrl);
    const second = await client.get(`/api/billing/checkout/${again.data.sessionId}`);
    expect(second.data.billing).toMatchObject({ tier: 'pro', status: 'active', trialEnd: null });
  });

  it('a declined card leaves the user Free, with the decline shown on the checkout page', async () => {
    const client = t.client();
    await client.register('declined@example.com');
    const start = await client.post('/api/billing/checkout', { priceId: 'premium_monthly' });
    const declined = await payOnCheckoutPage(start.data.checkoutUrl, '4000000000000002');
    expect(declined.status).not.toBe(303);
    expect(declined.body).toMatch(/declined/i);
    const status = await client.get(`/api/billing/checkout/${start.data.sessionId}`);
    expect(status.data).toMatchObject({ status: 'open', paymentStatus: 'unpaid' });
    expect(status.data.billing).toMatchObject({ tier: 'free', isPro: false, status: 'none' });
    expectErrorShape(await client.get('/api/pro/report'), 403, 'SUBSCRIPTION_INACTIVE');
    expect((await client.get('/api/pro/report')).json.upgradeUrl).toBe('/pricing');
  });

  it('reuses the open session on a double click and creates one customer', async () => {
    const client = t.client();
    const user = await client.register('double@example.com');
    const [a, b] = await Promise.all([
      client.post('/api/billing/checkout', { priceId: 'pro_yearly' }),
      client.post('/api/billing/checkout', { priceId: 'pro_yearly' }),
    ]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(await rows(billingCustomers, user.id)).toBe(1);
    const c = await client.post('/api/billing/checkout', { priceId: 'pro_yearly' });
    expect([a.data.sessionId, b.data.sessionId]).toContain(c.data.sessionId);
  });

  it('refuses bad input and other users', async () => {
    const client = t.client();
    await client.register('bad-input@example.com');
    expectErrorShape(await client.post('/api/billing/checkout', {}), 400, 'VALIDATION_FAILED');
    expectErrorShape(
      await client.post('/api/billing/checkout', { priceId: 'nope' }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(await client.post('/api/billing/checkout', { priceId: 42 }), 400, 'VALIDATION_FAILED');
    expectErrorShape(
      await t.client().post('/api/billing/checkout', { priceId: 'pro_monthly' }),
      401,
      'UNAUTHENTICATED',
    );
    expectErrorShape(await client.get('/api/billing/checkout/not-a-session'), 400, 'VALIDATION_FAILED');

    const owner = t.client();
    await owner.register('owner@example.com');
    const start = await owner.post('/api/billing/checkout', { priceId: 'pro_monthly' });
    expectErrorShape(await client.get(`/api/billing/checkout/${start.data.sessionId}`), 404, 'NOT_FOUND');
  });
});

describe('passes', () => {
  it('a 30-day pass gives Pro for 30 days, and a second one stacks after it', async () => {
    const client = t.client();
    const user = await client.register('pass@example.com');
    for (const expectedDays of [30, 60]) {
      const start = await client.post('/api/billing/checkout', { priceId: 'pro_pass_30d' });
      expect(start.statusCode).toBe(200);
      await payOnCheckoutPage(start.data.checkoutUrl);
      const success = await client.get(`/api/billing/checkout/${start.data.sessionId}`);
      expect(success.data.billing).toMatchObject({
        tier: 'pro',
        source: 'one_time',
        status: 'active',
        autoRenew: false,
      });
      expect(success.data.billing.daysRemaining).toBe(expectedDays);
    }
    await t.settle();
    const payments = await client.get('/api/billing/payments');
    expect(payments.data.payments).toHaveLength(2);
    expect(payments.data.payments.every((p: { amount: number }) => p.amount === 1200)).toBe(true);
    expect(await rows(paymentLog, user.id)).toBe(2);
  });
});
