import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../src/platform/db/schema/index.ts';
import { payOnCheckoutPage } from '../support/billing-app.ts';
import { startScenario, type Scenario } from '../support/scenario.ts';
import { expectErrorShape } from '../support/test-app.ts';

/** Checkout with a promotion code on the emulator, then the admin's MRR, before and after it ends. */
describe('MRR of a subscription bought with a promotion code', () => {
  let s: Scenario;
  let userId: string;

  beforeAll(async () => {
    s = await startScenario('coupon-buyer@example.com');
    const stripe = s.t.billing.stripe.client;
    const coupon = await stripe.coupons.create({
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 2,
    });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'QUARTER' });
    userId = (await s.customer.get('/api/profile')).data.user.id;
  });
  afterAll(() => s?.close());

  const mirror = async () =>
    (await s.t.database.db.select().from(subscriptions).where(eq(subscriptions.userId, userId)))[0]!;
  const mrr = async () => (await s.admin.get('/api/admin/metrics')).data.mrr as number;

  it('an unknown promotion code is refused', async () => {
    const response = await s.customer.post('/api/billing/checkout', {
      priceId: 'premium_monthly',
      promotionCode: 'NOPE',
    });
    expectErrorShape(response, 400, 'INVALID_PROMOTION_CODE');
    expect(await s.t.database.db.select().from(subscriptions)).toEqual([]);
  });

  it('25% off for two months: the mirror keeps the discount and MRR is 1425 instead of 1900', async () => {
    const start = await s.customer.post('/api/billing/checkout', {
      priceId: 'premium_monthly',
      promotionCode: 'QUARTER',
    });
    expect(start.statusCode, start.body).toBe(200);
    const paid = await payOnCheckoutPage(start.data.checkoutUrl, '4242424242424242', s.email);
    expect(paid.status, paid.body.slice(0, 300)).toBe(303);
    await s.customer.get(`/api/billing/checkout/${start.data.sessionId}`);
    await s.t.settle();

    const row = await mirror();
    expect(row).toMatchObject({ status: 'active', amount: 1900, mrr: 1425 });
    expect(row.discounts).toHaveLength(1);
    expect(row.discounts[0]).toMatchObject({ percentOff: 25, duration: 'repeating', current: true });
    expect(row.discounts[0]!.end).toBeGreaterThan(s.t.clock.now().getTime());
    expect(await mrr()).toBe(1425);
  });

  it('after the two months the renewal brings MRR back to the full price', async () => {
    await s.advance(32);
    expect(await mrr()).toBe(1425);
    await s.advance(31);
    await s.t.settle();
    expect((await mirror()).mrr).toBe(1900);
    expect(await mrr()).toBe(1900);
  });
});
