import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const JAN_31_2026 = Date.UTC(2026, 0, 31, 12) / 1000;

async function customerOnClock(
  stripe: Stripe,
  frozenTime: number,
  card = 'pm_card_visa',
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozenTime, name: 'renewals' });
  const customer = await stripe.customers.create({
    email: 'clock@example.com',
    test_clock: clock.id,
    payment_method: card,
    invoice_settings: { default_payment_method: card },
  });
  return { clock, customer };
}

function periodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]!.current_period_end;
}

describe('renewals over a test clock', () => {
  it('renews monthly for a year, anchored to the start (Jan 31 → Feb 28 → Mar 31), events in time order', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 1000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    expect(subscription.status).toBe('active');
    expect(subscription.test_clock).toBe(clock.id);
    expect(periodEnd(subscription)).toBe(Date.UTC(2026, 1, 28, 12) / 1000);
    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: JAN_31_2026 + 365 * DAY,
    });
    expect(advanced.status).toBe('advancing');
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe('ready');
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]!.current_period_start).toBe(Date.UTC(2027, 0, 31, 12) / 1000);
    const invoices = await stripe.invoices.list({ subscription: subscription.id, limit: 100 });
    expect(invoices.data).toHaveLength(13);
    expect(invoices.data.every((invoice) => invoice.status === 'paid' && invoice.amount_paid === 1000)).toBe(
      true,
    );
    const starts = invoices.data.map((invoice) => invoice.lines.data[0]!.period.start).reverse();
    expect(new Date(starts[2]! * 1000).toISOString().slice(0, 10)).toBe('2026-03-31');
    const events = (
      await stripe.events.list({ limit: 100, types: ['invoice.*', 'customer.subscription.*'] })
    ).data.filter((event) => (event.data.object as { customer?: string }).customer === customer.id);
    const times = events.map((event) => event.created).reverse();
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(events.filter((event) => event.type === 'invoice.paid')).toHaveLength(13);
  });

  it('bills yearly prices once a year', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 12000, undefined, 'year');
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    expect(periodEnd(subscription)).toBe(Date.UTC(2027, 0, 31, 12) / 1000);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_31_2026 + 400 * DAY });
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(2);
  });

  it('sends trial_will_end three days before and starts billing when the trial ends', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 1500);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
    });
    expect(subscription).toMatchObject({ status: 'trialing', trial_end: JAN_31_2026 + 14 * DAY });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_31_2026 + 12 * DAY });
    const warning = (await stripe.events.list({ type: 'customer.subscription.trial_will_end' })).data.find(
      (event) => (event.data.object as Stripe.Subscription).id === subscription.id,
    );
    expect(warning?.created).toBe(JAN_31_2026 + 11 * DAY);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('trialing');
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_31_2026 + 15 * DAY });
    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.latest_invoice as Stripe.Invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1500,
      billing_reason: 'subscription_cycle',
    });
  });

  it('cancels at period end, resumes, and cancels immediately', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 800);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    const scheduled = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({
      cancel_at_period_end: true,
      cancel_at: periodEnd(subscription),
      status: 'active',
    });
    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at).toBeNull();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd(subscription) + DAY });
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: periodEnd(subscription) });
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const canceled = await stripe.subscriptions.cancel(other.id);
    expect(canceled.status).toBe('canceled');
    await expect(stripe.subscriptions.cancel(other.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect(
      (await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data,
    ).toHaveLength(2);
  });

  it('pauses collection (void) and resumes it', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 600);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    await stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: 'void' } });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd(subscription) + DAY });
    const latest = await stripe.invoices.retrieve(
      (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string,
    );
    expect(latest.status).toBe('void');
    const resumed = await stripe.subscriptions.update(subscription.id, { pause_collection: '' });
    expect(resumed.pause_collection).toBeNull();
  });

  it('applies a repeating coupon to the first invoices only', async () => {
    const { stripe } = h;
    const { clock, customer } = await customerOnClock(stripe, JAN_31_2026);
    const price = await monthlyPrice(stripe, 1000);
    const coupon = await stripe.coupons.create({
      percent_off: 50,
      duration: 'repeating',
      duration_in_months: 2,
    });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_31_2026 + 100 * DAY });
    const paid = (await stripe.invoices.list({ subscription: subscription.id })).data
      .map((invoice) => invoice.amount_paid)
      .reverse();
    expect(paid).toEqual([500, 500, 1000, 1000]);
  });
});
