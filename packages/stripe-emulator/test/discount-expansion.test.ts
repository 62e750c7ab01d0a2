import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function subscribe(discounts: Stripe.SubscriptionCreateParams.Discount[] = []) {
  const { stripe } = h;
  const customer = await stripe.customers.create({
    email: 'discounts@example.com',
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const price = await monthlyPrice(stripe, 2000);
  return stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts });
}

describe('expand[]=discounts on a subscription', () => {
  it('turns the discount ids into discounts, and their coupons too', async () => {
    const coupon = await h.stripe.coupons.create({
      percent_off: 30,
      duration: 'repeating',
      duration_in_months: 3,
    });
    const created = await subscribe([{ coupon: coupon.id }]);
    expect(created.discounts).toEqual([expect.stringMatching(/^di_/)]);

    const shallow = await h.stripe.subscriptions.retrieve(created.id, { expand: ['discounts'] });
    const discount = shallow.discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({
      id: created.discounts[0],
      object: 'discount',
      subscription: created.id,
      customer: created.customer,
      start: created.start_date,
      source: { type: 'coupon', coupon: coupon.id },
    });
    expect(discount.end).toBeGreaterThan(created.start_date + 80 * 86_400);

    const deep = await h.stripe.subscriptions.retrieve(created.id, { expand: ['discounts.source.coupon'] });
    const withCoupon = (deep.discounts[0] as Stripe.Discount).source.coupon as Stripe.Coupon;
    expect(withCoupon).toMatchObject({ id: coupon.id, percent_off: 30, duration: 'repeating' });
  });

  it('a forever coupon has no end; no discounts expand to none; a plain field still cannot be expanded', async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'forever' });
    const forever = await subscribe([{ coupon: coupon.id }]);
    const expanded = await h.stripe.subscriptions.retrieve(forever.id, { expand: ['discounts'] });
    expect((expanded.discounts[0] as Stripe.Discount).end).toBeNull();

    const plain = await subscribe();
    expect((await h.stripe.subscriptions.retrieve(plain.id, { expand: ['discounts'] })).discounts).toEqual(
      [],
    );
    await expect(
      h.stripe.subscriptions.retrieve(plain.id, { expand: ['collection_method'] }),
    ).rejects.toThrow(/cannot be expanded/);
  });
});
