import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { DAY, http, monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const START = Date.UTC(2026, 5, 1) / 1000;

describe('edge cases', () => {
  it('a refused update leaves the subscription untouched', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const price = await monthlyPrice(stripe, 1000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      metadata: { a: '1' },
    });
    await expect(
      stripe.subscriptions.update(subscription.id, {
        metadata: { a: '2' },
        cancel_at_period_end: true,
        items: [{ price: 'price_missing' }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'items[0][price]' });
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ metadata: { a: '1' }, cancel_at_period_end: false });
    await expect(
      stripe.customers.update(customer.id, {
        name: 'X',
        invoice_settings: { default_payment_method: 'pm_missing' },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).name).toBeNull();
  });

  it('expires open checkout sessions when their clock passes expires_at', async () => {
    const { stripe } = h;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const price = await monthlyPrice(stripe, 1000);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
      expires_at: START + 3600,
    });
    expect(session.expires_at).toBe(START + 3600);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 2 * 3600 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    const page = await fetch(`${h.emulator.url}/checkout/${session.id}`);
    expect(await page.text()).toContain('expired');
    await expect(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: price.id }],
        success_url: 'https://x',
        expires_at: START,
      }),
    ).rejects.toMatchObject({ param: 'expires_at' });
  });

  it('pauses a trial that ends without a card and resumes it', async () => {
    const { stripe } = h;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const price = await monthlyPrice(stripe, 1000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 8 * DAY });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('paused');
    await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const methods = await stripe.paymentMethods.list({ customer: customer.id });
    await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: methods.data[0]!.id },
    });
    const resumed = await stripe.subscriptions.resume(subscription.id);
    expect(resumed.status).toBe('active');
    await expect(stripe.subscriptions.resume(subscription.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('orders events by time across the customers of one clock', async () => {
    const { stripe } = h;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    const price = await monthlyPrice(stripe, 1000);
    const ids: string[] = [];
    for (const offset of [0, 5, 10]) {
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + offset * DAY + 1 });
      const customer = await stripe.customers.create({
        test_clock: clock.id,
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      });
      ids.push(
        (await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })).id,
      );
    }
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + 100 * DAY });
    const paid = (await stripe.events.list({ type: 'invoice.paid', limit: 100 })).data
      .filter((event) =>
        ids.includes(
          (event.data.object as Stripe.Invoice).parent?.subscription_details?.subscription as string,
        ),
      )
      .reverse();
    expect(paid).toHaveLength(11);
    const created = paid.map((event) => event.created);
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });

  it('the SDK retries chaos 500/429 answers and gets through', async () => {
    const retrying = new Stripe('sk_test_retry', {
      host: '127.0.0.1',
      port: h.emulator.port,
      protocol: 'http',
      maxNetworkRetries: 8,
    });
    await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      body: 'apiErrorRate=0.4&seed=11',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++)
        statuses.push((await http(h.emulator.url, '/v1/customers?limit=1')).status);
      expect(statuses.some((status) => status === 500 || status === 429)).toBe(true);
      for (let i = 0; i < 2; i++)
        expect((await retrying.customers.create({ email: `r${i}@example.com` })).id).toMatch(/^cus_/);
    } finally {
      await http(h.emulator.url, '/_emulator/chaos', { method: 'POST', key: null, body: 'apiErrorRate=0' });
    }
  });

  it('rejects bad search queries and bad admin input without breaking', async () => {
    const { stripe } = h;
    await expect(stripe.customers.search({ query: 'email = nope' })).rejects.toMatchObject({
      statusCode: 400,
      param: 'query',
    });
    const bad = await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    const unknown = await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      body: 'explode=1',
    });
    expect(unknown.status).toBe(400);
    const array = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: 'metadata=notanobject',
    });
    expect(array.status).toBe(400);
    expect((await stripe.customers.list({ limit: 1 })).object).toBe('list');
  });
});
