import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('products and prices', () => {
  it('creates recurring and one-time prices and filters by lookup keys', async () => {
    const { stripe } = h;
    const product = await stripe.products.create({ name: 'Pro', metadata: { tier: 'pro' } });
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
      lookup_key: 'pro_monthly',
    });
    const yearly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 15000,
      recurring: { interval: 'year' },
      lookup_key: 'pro_yearly',
    });
    const pass = await stripe.prices.create({
      product_data: { name: '30-day pass' },
      currency: 'usd',
      unit_amount: 900,
      lookup_key: 'pass_30',
    });
    expect(monthly.type).toBe('recurring');
    expect(monthly.recurring?.interval).toBe('month');
    expect(pass.type).toBe('one_time');
    const byKeys = await stripe.prices.list({
      lookup_keys: ['pro_monthly', 'pass_30'],
      expand: ['data.product'],
    });
    expect(byKeys.data.map((price) => price.id).sort()).toEqual([monthly.id, pass.id].sort());
    expect(typeof byKeys.data[0]!.product).toBe('object');
    const recurring = await stripe.prices.list({ type: 'recurring', product: product.id });
    expect(recurring.data.map((price) => price.id)).toEqual([yearly.id, monthly.id]);
  });

  it('refuses a taken lookup key unless transfer_lookup_key is set', async () => {
    const { stripe } = h;
    const product = await stripe.products.create({ name: 'Basic' });
    const first = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 500,
      recurring: { interval: 'month' },
      lookup_key: 'basic',
    });
    await expect(
      stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 600,
        recurring: { interval: 'month' },
        lookup_key: 'basic',
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const second = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 600,
      recurring: { interval: 'month' },
      lookup_key: 'basic',
      transfer_lookup_key: true,
    });
    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull();
    expect((await stripe.prices.list({ lookup_keys: ['basic'] })).data.map((price) => price.id)).toEqual([
      second.id,
    ]);
    const archived = await stripe.prices.update(first.id, { active: false });
    expect(archived.active).toBe(false);
  });

  it('validates price parameters', async () => {
    const { stripe } = h;
    const product = await stripe.products.create({ name: 'Bad' });
    await expect(
      stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 100,
        recurring: { interval: 'fortnight' as 'month' },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'recurring[interval]' });
    await expect(
      stripe.prices.create({ product: 'prod_missing', currency: 'usd', unit_amount: 100 }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'product' });
    await expect(stripe.prices.create({ currency: 'usd', unit_amount: 100 } as never)).rejects.toMatchObject({
      statusCode: 400,
      param: 'product',
    });
    await expect(stripe.products.create({} as never)).rejects.toMatchObject({
      statusCode: 400,
      param: 'name',
    });
  });
});

describe('coupons and promotion codes', () => {
  it('creates, lists and deactivates', async () => {
    const { stripe } = h;
    const coupon = await stripe.coupons.create({
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 3,
      id: 'QUARTER',
    });
    expect(coupon).toMatchObject({ id: 'QUARTER', percent_off: 25, valid: true });
    const code = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'SPRING',
    });
    expect(code.code).toBe('SPRING');
    expect((await stripe.promotionCodes.list({ code: 'SPRING' })).data[0]?.id).toBe(code.id);
    const off = await stripe.promotionCodes.update(code.id, { active: false });
    expect(off.active).toBe(false);
    await expect(stripe.coupons.create({ duration: 'once' })).rejects.toMatchObject({ statusCode: 400 });
    expect(await stripe.coupons.del(coupon.id)).toMatchObject({ deleted: true });
  });
});
