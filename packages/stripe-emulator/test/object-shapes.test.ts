import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_DIFFERENCES } from '../src/shape-differences.ts';
import { monthlyPrice, payOnHostedPage, startHarness, type Harness } from './helpers.ts';

const fixtures = (
  JSON.parse(readFileSync(new URL('../../../../shared/stripe/fixtures3.json', import.meta.url), 'utf8')) as {
    resources: Record<string, object>;
  }
).resources;

let h: Harness;
const samples: Record<string, object> = {};

beforeAll(async () => {
  h = await startHarness();
  const { stripe } = h;
  const price = await monthlyPrice(stripe, 1000);
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id }],
    success_url: 'https://app.test/ok',
  });
  await payOnHostedPage(session.url!);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  const subscription = await stripe.subscriptions.retrieve(completed.subscription as string);
  const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string);
  const intent = await stripe.paymentIntents.create({
    amount: 500,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  const charge = await stripe.charges.retrieve(intent.latest_charge as string);
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  const customer = await stripe.customers.retrieve(completed.customer as string);
  Object.assign(samples, {
    customer,
    product: await stripe.products.retrieve(price.product as string),
    price,
    coupon,
    promotion_code: await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } }),
    'checkout.session': completed,
    item: (await stripe.checkout.sessions.listLineItems(session.id)).data[0],
    payment_method: await stripe.paymentMethods.retrieve(subscription.default_payment_method as string),
    setup_intent: await stripe.setupIntents.create({ customer: customer.id }),
    payment_intent: intent,
    charge,
    refund: await stripe.refunds.create({ charge: charge.id }),
    subscription,
    subscription_item: subscription.items.data[0],
    invoice,
    line_item: invoice.lines.data[0],
    'billing_portal.session': await stripe.billingPortal.sessions.create({ customer: customer.id }),
    webhook_endpoint: await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hook',
      enabled_events: ['*'],
    }),
    event: (await stripe.events.list({ limit: 1 })).data[0],
    'test_helpers.test_clock': await stripe.testHelpers.testClocks.create({ frozen_time: 1_800_000_000 }),
  });
});
afterAll(() => h.close());

describe("object shapes match Stripe's example objects", () => {
  it('covers every emulated object type', () => {
    expect(Object.keys(samples)).toHaveLength(20);
  });

  for (const type of Object.keys(SHAPE_DIFFERENCES)) {
    it(`${type} differences are still real`, () => {
      const fixture = Object.keys(fixtures[type]!);
      const difference = SHAPE_DIFFERENCES[type]!;
      for (const key of difference.extra ?? []) expect(fixture).not.toContain(key);
      for (const key of difference.missing ?? []) expect(fixture).toContain(key);
    });
  }

  it('has the same top-level keys as the fixture for each type, apart from the listed differences', () => {
    for (const [type, sample] of Object.entries(samples)) {
      const fixture = fixtures[type];
      expect(fixture, type).toBeDefined();
      const difference: { extra?: string[]; missing?: string[] } = SHAPE_DIFFERENCES[type] ?? {};
      const expected = [
        ...Object.keys(fixture!).filter((key) => !(difference.missing ?? []).includes(key)),
        ...(difference.extra ?? []),
      ].sort();
      expect(Object.keys(sample).sort(), type).toEqual(expected);
    }
  });
});
