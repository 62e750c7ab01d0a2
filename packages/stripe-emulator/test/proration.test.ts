import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const START = Date.UTC(2026, 3, 1) / 1000;

async function subscribed(
  stripe: Stripe,
  amount: number,
): Promise<{
  clock: Stripe.TestHelpers.TestClock;
  subscription: Stripe.Subscription;
  customer: Stripe.Customer;
}> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({
    test_clock: clock.id,
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const price = await monthlyPrice(stripe, amount);
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
  });
  return { clock, subscription, customer };
}

/** April has 30 days; ten days in, 20/30 of the period is left. */
const TEN_DAYS = 10 * DAY;

describe('proration', () => {
  it('always_invoice bills the difference now, to the second, and matches the preview', async () => {
    const { stripe } = h;
    const { clock, subscription, customer } = await subscribed(stripe, 3000);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + TEN_DAYS });
    const bigger = await monthlyPrice(stripe, 6000);
    const item = subscription.items.data[0]!.id;
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: { items: [{ id: item, price: bigger.id }], proration_behavior: 'always_invoice' },
    });
    expect(preview.lines.data.map((line) => line.amount)).toEqual([-2000, 4000]);
    expect(preview.amount_due).toBe(2000);
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item, price: bigger.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      billing_reason: 'subscription_update',
      status: 'paid',
      amount_paid: 2000,
    });
    expect(updated.items.data[0]!.price.id).toBe(bigger.id);
    expect(updated.items.data[0]!.id).toBe(item);
  });

  it('create_prorations carries the prorations into the next renewal invoice', async () => {
    const { stripe } = h;
    const { clock, subscription, customer } = await subscribed(stripe, 3000);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + TEN_DAYS + 3600 });
    const smaller = await monthlyPrice(stripe, 1500);
    const item = subscription.items.data[0]!.id;
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item, price: smaller.id }],
      proration_behavior: 'create_prorations',
    });
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    const share = (30 * DAY - TEN_DAYS - 3600) / (30 * DAY);
    expect(pending.data.map((row) => row.amount).sort((a, b) => a - b)).toEqual([
      -Math.round(3000 * share),
      Math.round(1500 * share),
    ]);
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
    });
    expect(preview.total).toBe(1500 - Math.round(3000 * share) + Math.round(1500 * share));
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 31 * DAY });
    const renewal = await stripe.invoices.retrieve(
      (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string,
    );
    expect(renewal.total).toBe(preview.total);
    expect(renewal.lines.data).toHaveLength(3);
  });

  it('none changes the price without prorations; an interval change bills a new cycle now', async () => {
    const { stripe } = h;
    const { clock, subscription, customer } = await subscribed(stripe, 3000);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + TEN_DAYS });
    const other = await monthlyPrice(stripe, 4000);
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: other.id }],
      proration_behavior: 'none',
    });
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);
    const yearly = await monthlyPrice(stripe, 30000, undefined, 'year');
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: yearly.id }],
      expand: ['latest_invoice'],
    });
    expect(updated.billing_cycle_anchor).toBe(START + TEN_DAYS);
    expect(updated.items.data[0]!.current_period_end).toBe(Date.UTC(2027, 3, 11) / 1000);
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([-Math.round((4000 * 20) / 30), 30000]);
  });

  it('rejects bad item changes', async () => {
    const { stripe } = h;
    const { subscription } = await subscribed(stripe, 3000);
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: 'si_missing', price: 'price_x' }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'items[0][price]' });
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: 'si_missing' }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'items[0][id]' });
    await expect(
      stripe.subscriptions.update(subscription.id, { proration_behavior: 'sometimes' as 'none' }),
    ).rejects.toMatchObject({ param: 'proration_behavior' });
    await expect(stripe.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({ statusCode: 404 });
    const items = await stripe.subscriptionItems.list({ subscription: subscription.id });
    expect(items.data).toHaveLength(1);
  });
});
