import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, startScenario, type Scenario } from '../support/scenario.ts';

let s: Scenario;
beforeAll(async () => {
  s = await startScenario('dunning@example.com');
});
afterAll(() => s.close());

describe('a card that starts failing: past_due → payment failed mails → canceled → Free', () => {
  it('subscribes, then the card is replaced by one that fails every charge (4000000000000341)', async () => {
    await s.buy('premium_monthly');
    expect(await s.billing()).toMatchObject({ tier: 'premium', status: 'active' });
    // As the customer would in the portal: the new card attaches fine; charging it will fail.
    const stripe = s.t.deps.stripe.client;
    const [sub] = (await stripe.subscriptions.list({ limit: 1 })).data;
    const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: sub!.customer as string,
    });
    await stripe.subscriptions.update(sub!.id, { default_payment_method: card.id });
    await s.t.settle();
  });

  it('the renewal charge fails: past_due keeps access while Stripe retries, and the user is told', async () => {
    // One month on (28 to 31 days, whatever month the test runs in): the renewal is due.
    await s.advance(28);
    while ((await s.billing()).status === 'active') await s.advance(1);
    expect(await s.billing()).toMatchObject({ tier: 'premium', status: 'past_due', isPro: true });
    const kinds = await s.mailKinds();
    expect(count(kinds, 'payment_failed')).toBe(1);
    const mail = (await s.admin.get(`/api/dev/emails?to=${s.email}`)).data.emails.find(
      (m: { kind: string }) => m.kind === 'payment_failed',
    );
    expect(mail.text).toContain('/api/stripe/portal');
    expect(mail.text).toMatch(/We will try again on/);
    const payments = (await s.customer.get('/api/billing/payments')).data.payments;
    expect(payments.filter((p: { kind: string }) => p.kind === 'failure')).toHaveLength(1);
    expect(payments.filter((p: { kind: string }) => p.kind === 'charge')).toHaveLength(1);
  });

  it('retrying the payment by hand with the failing card is declined with a clear message', async () => {
    const retry = await s.customer.post('/api/billing/retry-payment');
    expect(retry.statusCode).toBe(402);
    expect(retry.json).toMatchObject({ success: false, code: 'PAYMENT_DECLINED' });
    expect(await s.billing()).toMatchObject({ status: 'past_due', isPro: true });
  });

  it('every retry fails and mails; then Stripe gives up: canceled, Free, told', async () => {
    for (let i = 0; i < 4; i++) await s.advance(2);
    const billing = await s.billing();
    expect(billing).toMatchObject({ tier: 'free', isPro: false, status: 'canceled' });
    const kinds = await s.mailKinds();
    expect(count(kinds, 'payment_failed')).toBeGreaterThanOrEqual(3);
    expect(count(kinds, 'subscription_canceled')).toBe(1);
    expect((await s.customer.get('/api/pro/report')).statusCode).toBe(403);
    const none = await s.customer.post('/api/billing/retry-payment');
    expect(none.json).toMatchObject({ code: 'NO_OPEN_INVOICE', status: 409 });
  });
});

describe('retry payment after updating the card', () => {
  let r: Scenario;
  beforeAll(async () => {
    r = await startScenario('recover@example.com');
  });
  afterAll(() => r.close());

  it('past_due → the customer fixes the card and retries → active again, with a receipt', async () => {
    await r.buy('premium_monthly');
    const stripe = r.t.deps.stripe.client;
    const [sub] = (await stripe.subscriptions.list({ limit: 1 })).data;
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: sub!.customer as string,
    });
    await stripe.subscriptions.update(sub!.id, { default_payment_method: failing.id });
    await r.advance(28);
    while ((await r.billing()).status === 'active') await r.advance(1);
    expect(await r.billing()).toMatchObject({ status: 'past_due' });
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: sub!.customer as string });
    await stripe.subscriptions.update(sub!.id, { default_payment_method: good.id });
    await stripe.customers.update(sub!.customer as string, {
      invoice_settings: { default_payment_method: good.id },
    });
    const retry = await r.customer.post('/api/billing/retry-payment');
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.data).toMatchObject({ status: 'active', isPro: true });
    expect(count(await r.mailKinds(), 'payment_receipt')).toBe(2);
  });
});

describe('a trial started with a card that fails later', () => {
  let d: Scenario;
  beforeAll(async () => {
    d = await startScenario('trial-fails@example.com');
  });
  afterAll(() => d.close());

  it('is accepted at checkout (nothing is charged), then the first charge fails: past_due', async () => {
    await d.buy('pro_monthly', '4000000000000341');
    expect(await d.billing()).toMatchObject({ tier: 'pro', status: 'trialing' });
    await d.advance(14);
    expect(await d.billing()).toMatchObject({ tier: 'pro', status: 'past_due' });
    expect(count(await d.mailKinds(), 'payment_failed')).toBe(1);
  });
});
