import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { monthlyPrice, payOnHostedPage, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('checkout sessions and the hosted page', () => {
  it('subscribes through the hosted form and redirects 303 to success_url', async () => {
    const { stripe } = h;
    const price = await monthlyPrice(stripe, 1200);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.test/cancel',
      customer_email: 'buyer@example.com',
      client_reference_id: 'user_42',
      metadata: { user_id: '42' },
      subscription_data: { metadata: { user_id: '42' } },
    });
    expect(session.url).toBe(`${h.emulator.url}/checkout/${session.id}`);
    const html = await (await fetch(session.url!)).text();
    for (const name of ['email', 'cardNumber', 'expiry', 'cvc', 'name'])
      expect(html).toContain(`<label for="${name}"`);
    expect(html).toContain('https://app.test/cancel');
    const response = await payOnHostedPage(session.url!);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`https://app.test/success?session_id=${session.id}`);
    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['subscription', 'line_items'],
    });
    expect(done).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      client_reference_id: 'user_42',
      metadata: { user_id: '42' },
    });
    const subscription = done.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({
      status: 'active',
      metadata: { user_id: '42' },
      customer: done.customer,
    });
    expect(done.line_items?.data[0]?.price?.id).toBe(price.id);
    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    expect(types).toContain('checkout.session.completed');
    expect(types).toContain('customer.subscription.created');
  });

  it('shows the decline and stays open, then accepts a good card', async () => {
    const { stripe } = h;
    const price = await monthlyPrice(stripe, 900);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
    });
    const declined = await payOnHostedPage(session.url!, '4000000000000002');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    const poor = await payOnHostedPage(session.url!, '4000000000009995');
    expect(await poor.text()).toContain('insufficient funds');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const ok = await payOnHostedPage(session.url!);
    expect(ok.status).toBe(303);
  });

  it('starts trials, applies promotion codes and takes one-time payments', async () => {
    const { stripe } = h;
    const price = await monthlyPrice(stripe, 2000);
    const trial = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
      subscription_data: { trial_period_days: 14 },
    });
    await payOnHostedPage(trial.url!);
    const trialing = await stripe.checkout.sessions.retrieve(trial.id, { expand: ['subscription'] });
    expect((trialing.subscription as Stripe.Subscription).status).toBe('trialing');
    expect(trialing.payment_status).toBe('no_payment_required');

    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'once' });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF' });
    const promo = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
      allow_promotion_codes: true,
    });
    expect(await (await fetch(promo.url!)).text()).toContain('promotionCode');
    await payOnHostedPage(promo.url!, '4242424242424242', { promotionCode: 'HALF' });
    const discounted = await stripe.checkout.sessions.retrieve(promo.id, { expand: ['invoice'] });
    expect(discounted.amount_total).toBe(1000);
    expect((discounted.invoice as Stripe.Invoice).amount_paid).toBe(1000);

    const pass = await stripe.prices.create({
      product_data: { name: 'Pass' },
      currency: 'usd',
      unit_amount: 4900,
    });
    const once = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: pass.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
      customer_creation: 'always',
    });
    await payOnHostedPage(once.url!);
    const paid = await stripe.checkout.sessions.retrieve(once.id, {
      expand: ['payment_intent.latest_charge'],
    });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: 'succeeded', amount: 4900 });
    expect((intent.latest_charge as Stripe.Charge).paid).toBe(true);
    expect(paid.customer).toMatch(/^cus_/);
  });

  it('runs 3-D Secure from checkout and expires sessions', async () => {
    const { stripe } = h;
    const price = await monthlyPrice(stripe, 700);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
    });
    const challenge = await payOnHostedPage(session.url!, '4000002500003155');
    expect(challenge.status).toBe(303);
    const threeDs = challenge.headers.get('location')!;
    expect(threeDs).toContain('/3ds/pi_');
    const finish = await fetch(threeDs, {
      method: 'POST',
      body: new URLSearchParams({ result: 'complete' }),
      redirect: 'manual',
    });
    expect(finish.headers.get('location')).toBe('https://app.test/ok');
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect((done.subscription as Stripe.Subscription).status).toBe('active');

    const other = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.test/ok',
    });
    const expired = await stripe.checkout.sessions.expire(other.id);
    expect(expired.status).toBe('expired');
    await expect(stripe.checkout.sessions.expire(other.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://x' }),
    ).rejects.toMatchObject({ param: 'line_items' });
    await expect(
      stripe.checkout.sessions.create({
        mode: 'bogus' as 'payment',
        line_items: [{ price: price.id }],
        success_url: 'https://x',
      }),
    ).rejects.toMatchObject({ param: 'mode' });
    const items = await stripe.checkout.sessions.listLineItems(other.id);
    expect(items.data[0]?.amount_total).toBe(700);
  });
});
