import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('payment methods, intents, charges and refunds', () => {
  it('attaches, lists and detaches payment methods', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({ email: 'pm@example.com' });
    const method = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(method.customer).toBe(customer.id);
    const made = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555555555554444', exp_month: 12, exp_year: 2040 },
    });
    await stripe.paymentMethods.attach(made.id, { customer: customer.id });
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(2);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(2);
    expect((await stripe.paymentMethods.detach(made.id)).customer).toBeNull();
    await expect(
      stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }),
    ).rejects.toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    await expect(
      stripe.paymentMethods.create({
        type: 'card',
        card: { number: '4242424242424241', exp_month: 1, exp_year: 2040 },
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: 'incorrect_number' });
  });

  it('confirms payment intents, declines with decline_code, and refunds', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({ email: 'pay@example.com' });
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount: 2500, paid: true, status: 'succeeded' });
    const insufficient = stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      confirm: true,
    });
    await expect(insufficient).rejects.toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      decline_code: 'insufficient_funds',
    });
    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(partial).toMatchObject({ amount: 1000, status: 'succeeded', charge: charge.id });
    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(1500);
    const refunded = await stripe.charges.retrieve(charge.id);
    expect(refunded).toMatchObject({ amount_refunded: 2500, refunded: true });
    await expect(stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({ statusCode: 400 });
    expect((await stripe.refunds.list({ charge: charge.id })).data).toHaveLength(2);
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('asks for 3-D Secure on-session and completes through the authentication page', async () => {
    const { stripe, emulator } = h;
    const intent = await stripe.paymentIntents.create({
      amount: 1200,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(intent.status).toBe('requires_action');
    const url = (intent.next_action as Stripe.PaymentIntent.NextAction).redirect_to_url!.url!;
    expect(url.startsWith(emulator.url)).toBe(true);
    const pageHtml = await (await fetch(url)).text();
    expect(pageHtml).toContain('Complete authentication');
    const done = await fetch(url, { method: 'POST', body: new URLSearchParams({ result: 'complete' }) });
    expect(done.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('creates and confirms setup intents', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({ email: 'setup@example.com' });
    const intent = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');
    const method = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(method.customer).toBe(customer.id);
  });
});
