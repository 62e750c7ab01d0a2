import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, http, monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const START = Date.UTC(2026, 2, 1) / 1000;

async function failingCustomer(
  stripe: Stripe,
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; good: string; bad: string }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await stripe.customers.create({ email: 'dunning@example.com', test_clock: clock.id });
  const good = (await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })).id;
  const bad = (await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id }))
    .id;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good } });
  return { clock, customer, good, bad };
}

describe('payment failures and dunning', () => {
  it('a failing card goes past_due, is retried 1, 3 and 5 days later, then the subscription is canceled', async () => {
    const { stripe } = h;
    const { clock, customer, bad } = await failingCustomer(stripe);
    const price = await monthlyPrice(stripe, 2000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    expect(subscription.status).toBe('active');
    await stripe.subscriptions.update(subscription.id, { default_payment_method: bad });
    const renewal = subscription.items.data[0]!.current_period_end;
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: renewal + 2 * DAY });
    const pastDue = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(pastDue.status).toBe('past_due');
    const invoice = pastDue.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: 'open',
      attempt_count: 2,
      next_payment_attempt: renewal + 3 * DAY,
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: renewal + 365 * DAY });
    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).toBe(renewal + 5 * DAY);
    const failed = (await stripe.events.list({ type: 'invoice.payment_failed', limit: 100 })).data.filter(
      (event) => (event.data.object as Stripe.Invoice).id === invoice.id,
    );
    expect(failed.map((event) => event.created).reverse()).toEqual([
      renewal,
      renewal + DAY,
      renewal + 3 * DAY,
      renewal + 5 * DAY,
    ]);
    const deleted = (await stripe.events.list({ type: 'customer.subscription.deleted' })).data.find(
      (event) => (event.data.object as Stripe.Subscription).id === subscription.id,
    );
    expect(deleted).toBeDefined();
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(2);
  });

  it('recovers when the invoice is paid with a good card, and can end unpaid instead of canceled', async () => {
    const { stripe, emulator } = h;
    const { clock, customer, good, bad } = await failingCustomer(stripe);
    const price = await monthlyPrice(stripe, 2000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: bad,
      trial_period_days: 3,
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 4 * DAY });
    const latest = (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string;
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    await expect(stripe.invoices.pay(latest)).rejects.toMatchObject({
      statusCode: 402,
      decline_code: 'generic_decline',
    });
    const paid = await stripe.invoices.pay(latest, { payment_method: good });
    expect(paid.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');

    const settings = await http(emulator.url, '/_emulator/dunning', {
      method: 'POST',
      body: JSON.stringify({ finalAction: 'unpaid', retryDays: [2] }),
      headers: { 'content-type': 'application/json' },
      key: null,
    });
    expect(settings.json).toMatchObject({ finalAction: 'unpaid', retryDays: [2] });
    const second = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: bad,
      trial_period_days: 1,
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 10 * DAY });
    expect((await stripe.subscriptions.retrieve(second.id)).status).toBe('unpaid');
    await http(emulator.url, '/_emulator/dunning', {
      method: 'POST',
      body: JSON.stringify({ finalAction: 'cancel', retryDays: [1, 3, 5] }),
      headers: { 'content-type': 'application/json' },
      key: null,
    });
  });

  it('leaves a subscription incomplete when the first payment fails, then expires it after 23 hours', async () => {
    const { stripe } = h;
    const { clock, customer, bad } = await failingCustomer(stripe);
    const price = await monthlyPrice(stripe, 2000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: bad,
      expand: ['latest_invoice.payments'],
    });
    expect(subscription.status).toBe('incomplete');
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    expect(invoice.payments?.data[0]?.payment.type).toBe('payment_intent');
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 22 * 3600 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('incomplete');
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 24 * 3600 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('incomplete_expired');
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('void');
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        default_payment_method: bad,
        payment_behavior: 'error_if_incomplete',
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: 'card_declined' });
  });
});
