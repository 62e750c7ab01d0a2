import { count, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeEvents, subscriptions } from '../../src/platform/db/schema/index.ts';
import { eventStatus, payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';
import { expectErrorShape } from '../support/test-app.ts';

let t: BillingApp;
let stripe: Stripe;
beforeAll(async () => {
  t = await startBillingApp();
  stripe = t.deps.stripe.client;
});
afterAll(() => t.close());

let sequence = 0;
function signedEvent(
  type: string,
  object: object,
  created = Math.floor(Date.now() / 1000),
  id = `evt_test_${++sequence}_${Date.now()}`,
) {
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: t.deps.stripe.webhookSecret! });
  return { id, payload, header };
}

const post = (payload: string, header?: string, path = '/api/stripe/webhook') =>
  fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
    body: payload,
  });

async function subscribedUser(email: string) {
  const client = t.client();
  const user = await client.register(email);
  const start = await client.post('/api/billing/checkout', { priceId: 'premium_monthly' });
  await payOnCheckoutPage(start.data.checkoutUrl);
  await client.get(`/api/billing/checkout/${start.data.sessionId}`);
  await t.settle();
  const [row] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));
  const subscription = await stripe.subscriptions.retrieve(row!.id);
  // The success page stored a fetched state; one more event makes the stored state an event's.
  const settleEvent = signedEvent('customer.subscription.updated', subscription, subscription.created + 1);
  await post(settleEvent.payload, settleEvent.header);
  await t.settle();
  return { client, user, subscription };
}

describe('POST /api/stripe/webhook', () => {
  it('refuses a missing, forged or tampered signature with 400 and stores nothing', async () => {
    const event = signedEvent('customer.updated', { id: 'cus_nobody', object: 'customer' });
    const forged = stripe.webhooks.generateTestHeaderString({
      payload: event.payload,
      secret: 'whsec_wrong',
    });
    for (const response of [
      await post(event.payload),
      await post(event.payload, forged),
      await post(event.payload.replace('cus_nobody', 'cus_somebody'), event.header),
      await post('not json at all', event.header),
    ]) {
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body).toMatchObject({ success: false, code: 'INVALID_SIGNATURE', status: 400 });
    }
    expect(await eventStatus(t.database.db, event.id)).toBeUndefined();
  });

  it('refuses a replay of a stale signed event (older than 5 minutes)', async () => {
    const event = signedEvent('customer.updated', { id: 'cus_nobody', object: 'customer' });
    const stale = stripe.webhooks.generateTestHeaderString({
      payload: event.payload,
      secret: t.deps.stripe.webhookSecret!,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await post(event.payload, stale)).status).toBe(400);
  });

  it('acknowledges unknown event types and records them as ignored; aliases work', async () => {
    const event = signedEvent('balance.available', { id: 'bal_1', object: 'balance' });
    const response = await post(event.payload, event.header, '/api/payments/webhook');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, data: { received: true, duplicate: false } });
    await t.settle();
    expect(await eventStatus(t.database.db, event.id)).toMatchObject({ status: 'ignored', attempts: 1 });
    const again = signedEvent('balance.available', { id: 'bal_1', object: 'balance' });
    expect((await post(again.payload, again.header, '/stripe/webhook/')).status).toBe(200);
  });

  it('ignores events about customers that are not ours', async () => {
    const foreign = await stripe.customers.create({ email: 'foreign@example.com' });
    const sub = { id: 'sub_foreign', object: 'subscription', customer: foreign.id, status: 'active' };
    const event = signedEvent('customer.subscription.updated', sub);
    expect((await post(event.payload, event.header)).status).toBe(200);
    await t.settle();
    expect(await eventStatus(t.database.db, event.id)).toMatchObject({ status: 'ignored' });
    expect(
      await t.database.db.select().from(subscriptions).where(eq(subscriptions.id, 'sub_foreign')),
    ).toEqual([]);
  });

  it('applies the same event delivered 10 times at once exactly once', async () => {
    const { subscription } = await subscribedUser('tenfold@example.com');
    const event = signedEvent(
      'customer.subscription.updated',
      { ...subscription, cancel_at_period_end: true },
      subscription.created + 100,
    );
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(event.payload, event.header)));
    const bodies: any[] = await Promise.all(responses.map((r) => r.json()));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(bodies.filter((b) => b.data.duplicate === false)).toHaveLength(1);
    expect(bodies.filter((b) => b.data.duplicate === true)).toHaveLength(9);
    await t.settle();
    expect(await eventStatus(t.database.db, event.id)).toMatchObject({ status: 'processed', attempts: 1 });
    const [{ n }] = (await t.database.db
      .select({ n: count() })
      .from(stripeEvents)
      .where(eq(stripeEvents.id, event.id))) as [{ n: number }];
    expect(n).toBe(1);
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscription.id));
    expect(row!.cancelAtPeriodEnd).toBe(true);
  });

  it('converges when `updated` arrives before `created`, and ignores a stale event', async () => {
    const { subscription, client } = await subscribedUser('out-of-order@example.com');
    const base = subscription.created + 1000;
    const updated = signedEvent(
      'customer.subscription.updated',
      { ...subscription, cancel_at_period_end: true },
      base + 10,
    );
    const created = signedEvent(
      'customer.subscription.created',
      { ...subscription, cancel_at_period_end: false },
      base,
    );
    expect((await post(updated.payload, updated.header)).status).toBe(200);
    await t.settle();
    expect((await post(created.payload, created.header)).status).toBe(200);
    await t.settle();
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscription.id));
    expect(row!.cancelAtPeriodEnd).toBe(true);
    expect((await client.get('/api/billing/status')).data.cancelAtPeriodEnd).toBe(true);
  });

  it('re-fetches from Stripe on a tie (two events in the same second)', async () => {
    const { subscription } = await subscribedUser('tie@example.com');
    const at = subscription.created + 2000;
    const first = signedEvent(
      'customer.subscription.updated',
      { ...subscription, cancel_at_period_end: true },
      at,
    );
    const second = signedEvent('customer.subscription.updated', { ...subscription, status: 'past_due' }, at);
    await post(first.payload, first.header);
    await t.settle();
    await post(second.payload, second.header);
    await t.settle();
    // Neither payload wins: Stripe's real state does (active, not cancelling).
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscription.id));
    expect(row).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
  });

  it('an old event arriving after a fetched state does not roll it back (regression)', async () => {
    const { subscription, client } = await subscribedUser('fetched-then-old@example.com');
    // The success page applied a fetched, active state; now the late `created` event (incomplete) lands.
    const { applySubscription } = await import('../../src/billing/sync/apply-subscription.ts');
    await applySubscription(t.billing, await stripe.subscriptions.retrieve(subscription.id));
    const late = signedEvent(
      'customer.subscription.created',
      { ...subscription, status: 'incomplete' },
      subscription.created + 5000,
    );
    expect((await post(late.payload, late.header)).status).toBe(200);
    await t.settle();
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscription.id));
    expect(row).toMatchObject({ status: 'active', fetched: false, lastEventAt: subscription.created + 5000 });
    expect((await client.get('/api/billing/status')).data).toMatchObject({ isPro: true, status: 'active' });
  });

  it('answers 5xx when the event cannot be stored, so Stripe delivers again', async () => {
    const broken = await startBillingApp({ workers: false });
    const payload = JSON.stringify({
      id: 'evt_db_down',
      object: 'event',
      type: 'customer.updated',
      created: 1,
      data: { object: { id: 'cus_x' } },
    });
    const header = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: broken.deps.stripe.webhookSecret!,
    });
    await broken.queue.stop({ timeoutMs: 500 });
    await broken.database.close();
    const response = await fetch(`${broken.url}/api/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(await response.json()).toMatchObject({ success: false, code: 'INTERNAL' });
    await broken.app.close();
    await broken.emulator.close();
  });
});

describe('when the Stripe API fails', () => {
  it('checkout answers 503 PAYMENT_PROVIDER_UNAVAILABLE and leaves no duplicates after recovery', async () => {
    const client = t.client();
    await client.register('chaos@example.com');
    const chaos = (body: object) =>
      fetch(`${t.emulator.url}/_emulator/chaos`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await chaos({ apiErrorRate: 1 })).status).toBe(200);
    try {
      const failed = await client.post('/api/billing/checkout', { priceId: 'pro_monthly' });
      expectErrorShape(failed, 503, 'PAYMENT_PROVIDER_UNAVAILABLE');
    } finally {
      await chaos({ apiErrorRate: 0 });
    }
    const ok = await client.post('/api/billing/checkout', { priceId: 'pro_monthly' });
    expect(ok.statusCode).toBe(200);
    await payOnCheckoutPage(ok.data.checkoutUrl);
    await client.get(`/api/billing/checkout/${ok.data.sessionId}`);
    await t.settle();
    const customers = await stripe.customers.list({ email: 'chaos@example.com' });
    expect(customers.data).toHaveLength(1);
    const subs = await stripe.subscriptions.list({ customer: customers.data[0]!.id, status: 'all' });
    expect(subs.data).toHaveLength(1);
  });
});
