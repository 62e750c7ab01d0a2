import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessGrants,
  checkoutSessions,
  invoices,
  paymentLog,
  stripeEvents,
  subscriptions,
} from '../../src/platform/db/schema/index.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';
import { expectErrorShape, type TestClient } from '../support/test-app.ts';
import { tableChecksums } from './support.ts';

/**
 * Attacks on billing: forged and replayed webhooks, events that name someone else, one user acting on
 * another's checkout, subscription, invoices or portal, and redirects away from APP_URL.
 */
let t: BillingApp;
let stripe: Stripe;
let alice: { client: TestClient; id: string; sessionId: string; subscriptionId: string; customerId: string };
let bob: { client: TestClient; id: string; subscriptionId: string };
beforeAll(async () => {
  t = await startBillingApp();
  stripe = t.deps.stripe.client;
  const a = await subscribe('alice@example.com', 'premium_monthly');
  alice = { ...a, customerId: (await subscriptionOf(a.id)).stripeCustomerId };
  bob = await subscribe('bob@example.com', 'pro_monthly');
}, 120_000);
afterAll(() => t.close());

async function subscriptionOf(userId: string) {
  const [row] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.userId, userId));
  return row!;
}

async function subscribe(email: string, priceId: string) {
  const client = t.client();
  const { id } = await client.register(email);
  const start = await client.post('/api/billing/checkout', { priceId });
  expect(start.statusCode, start.body).toBe(200);
  expect((await payOnCheckoutPage(start.data.checkoutUrl, '4242424242424242', email)).status).toBe(303);
  await client.get(`/api/billing/checkout/${start.data.sessionId}`);
  await t.settle();
  return {
    client,
    id,
    sessionId: start.data.sessionId as string,
    subscriptionId: (await subscriptionOf(id)).id,
  };
}

let sequence = 0;
function signed(type: string, object: object, options: { secret?: string; timestamp?: number } = {}) {
  const id = `evt_attack_${++sequence}_${Date.now()}`;
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
  const header = stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? t.deps.stripe.webhookSecret!,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return { id, payload, header };
}

const deliver = (payload: string, signature?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/stripe/webhook',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    payload,
  });

const storedEvent = async (id: string) =>
  (await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0];

const billingOf = async (client: TestClient) => (await client.get('/api/billing/status')).data;

describe('forged, tampered and replayed webhooks', () => {
  // The basic cases (no signature, a wrong secret, a changed body, 301 s old) are in
  // test/billing/webhooks.test.ts; a replay of a fresh event is a duplicate, applied once (same file).
  it('refuses every signature trick with 400 INVALID_SIGNATURE and changes no table', async () => {
    const victimSubscription = await stripe.subscriptions.retrieve(alice.subscriptionId);
    const event = signed('customer.subscription.deleted', { ...victimSubscription, status: 'canceled' });
    const now = Math.floor(Date.now() / 1000);
    const [, v1] = /v1=([0-9a-f]+)/.exec(event.header)!;
    const forged = signed('x', {}, { secret: 'whsec_attacker' }).header.match(/v1=([0-9a-f]+)/)![1]!;
    const stale = signed('x', {}, { timestamp: now - 3600 });
    // What an accepted event could write (the outbox is left out: its sender works in the background).
    const billingTables = async () => {
      const { stripe_events, subscriptions, access_grants, invoices, payment_log, checkout_sessions } =
        await tableChecksums(t.database);
      return { stripe_events, subscriptions, access_grants, invoices, payment_log, checkout_sessions };
    };
    await t.settle();
    const before = await billingTables();
    const attempts: [string, string | undefined, string][] = [
      ['the signature of another payload', stale.header, event.payload],
      ['an all-zero signature', `t=${now},v1=${'0'.repeat(64)}`, event.payload],
      [
        'a valid signature with its timestamp moved',
        event.header.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) - 7}`),
        event.payload,
      ],
      ['a forged v1 beside a v0', `t=${now},v1=${forged},v0=${v1}`, event.payload],
      ['only a v0 (test-mode) signature', `t=${now},v0=${v1}`, event.payload],
      ['an empty header', '', event.payload],
      ['a huge header', `t=${now},${'v1=ab,'.repeat(5000)}`, event.payload],
      ['a stale event re-signed an hour ago (replay)', stale.header, stale.payload],
      ['whitespace added to the signed body', event.header, event.payload + ' '],
      ['the signed body re-serialised', event.header, JSON.stringify(JSON.parse(event.payload), null, 1)],
    ];
    for (const [what, header, payload] of attempts) {
      const response = await deliver(payload, header);
      expect(response.statusCode, what).toBe(400);
      expect(JSON.parse(response.body), what).toMatchObject({
        success: false,
        code: 'INVALID_SIGNATURE',
        status: 400,
      });
    }
    expect(await billingTables()).toEqual(before);
    expect((await billingOf(alice.client)).status).toBe('active');
  });
});

describe('signed events with awkward content', () => {
  it('a NUL character in a signed event is stored without it, not a 5xx that Stripe would retry for days (finding)', async () => {
    const event = signed('customer.updated', { id: 'cus_nul', object: 'customer', name: 'a\u0000b' });
    const response = await deliver(event.payload, event.header);
    expect(response.statusCode, response.body).toBe(200);
    await t.settle();
    const stored = await storedEvent(event.id);
    expect(stored).toMatchObject({ status: 'ignored' });
    expect((stored!.payload as { data: { object: { name: string } } }).data.object.name).toBe('ab');
  });
});

describe("events that name someone else's customer", () => {
  it('a subscription for a customer unknown to us grants nobody access, whatever its metadata claims', async () => {
    const carol = t.client();
    const carolId = (await carol.register('carol@example.com')).id;
    const template = await stripe.subscriptions.retrieve(alice.subscriptionId);
    const stranger = await stripe.customers.create({
      email: 'carol@example.com',
      metadata: { user_id: carolId },
    });
    const forgedSub = {
      ...template,
      id: 'sub_not_ours',
      customer: stranger.id,
      metadata: { user_id: carolId, price_id: 'premium_monthly' },
    };
    for (const type of ['customer.subscription.created', 'customer.subscription.updated']) {
      const event = signed(type, forgedSub);
      expect((await deliver(event.payload, event.header)).statusCode).toBe(200);
      await t.settle();
      expect(await storedEvent(event.id)).toMatchObject({ status: 'ignored' });
    }
    const invoice = signed('invoice.paid', {
      id: 'in_not_ours',
      object: 'invoice',
      customer: stranger.id,
      subscription: 'sub_not_ours',
      status: 'paid',
      amount_paid: 2900,
      currency: 'usd',
      metadata: { user_id: carolId },
    });
    expect((await deliver(invoice.payload, invoice.header)).statusCode).toBe(200);
    await t.settle();
    expect(await billingOf(carol)).toMatchObject({ tier: 'free', isPro: false });
    expect(
      await t.database.db.select().from(subscriptions).where(eq(subscriptions.id, 'sub_not_ours')),
    ).toEqual([]);
    expect(await t.database.db.select().from(invoices).where(eq(invoices.id, 'in_not_ours'))).toEqual([]);
    expect(await t.database.db.select().from(paymentLog).where(eq(paymentLog.userId, carolId))).toEqual([]);
    expect(await t.database.db.select().from(accessGrants).where(eq(accessGrants.userId, carolId))).toEqual(
      [],
    );
  });

  it('a paid checkout session we never created, naming a user, is ignored', async () => {
    const dave = t.client();
    const daveId = (await dave.register('dave@example.com')).id;
    for (const mode of ['payment', 'subscription']) {
      const event = signed('checkout.session.completed', {
        id: `cs_test_not_ours_${mode}`,
        object: 'checkout.session',
        mode,
        status: 'complete',
        payment_status: 'paid',
        client_reference_id: daveId,
        customer: alice.customerId,
        subscription: mode === 'subscription' ? alice.subscriptionId : null,
        amount_total: 999,
        currency: 'usd',
        metadata: { user_id: daveId, price_id: 'pro_pass_30d' },
      });
      expect((await deliver(event.payload, event.header)).statusCode).toBe(200);
      await t.settle();
      expect(await storedEvent(event.id)).toMatchObject({ status: 'ignored' });
    }
    expect(await billingOf(dave)).toMatchObject({ tier: 'free', isPro: false });
    expect(
      await t.database.db.select().from(checkoutSessions).where(eq(checkoutSessions.userId, daveId)),
    ).toEqual([]);
  });

  it("an event about Alice's customer that claims Bob in its metadata changes only Alice", async () => {
    const template = await stripe.subscriptions.retrieve(alice.subscriptionId);
    const event = signed('customer.subscription.updated', {
      ...template,
      id: 'sub_claims_bob',
      metadata: { user_id: bob.id },
      created: template.created + 5,
    });
    expect((await deliver(event.payload, event.header)).statusCode).toBe(200);
    await t.settle();
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, 'sub_claims_bob'));
    // The customer decides whose it is; metadata is not trusted.
    expect(row?.userId).toBe(alice.id);
    expect((await billingOf(bob.client)).plan.id).toBe('pro');
  });

  it('a subscription Stripe no longer knows answers cancel with a 4xx whose code matches its status (finding)', async () => {
    // Before the fix the provider's 404 came out as {code: VALIDATION_FAILED, status: 404}.
    const response = await alice.client.post('/api/billing/cancel', { atPeriodEnd: true });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response, 404, 'NOT_FOUND');
    // Remove the phantom, so Alice's real subscription is her current one again.
    await t.database.db.delete(accessGrants).where(eq(accessGrants.sourceRef, 'sub_claims_bob'));
    await t.database.db.delete(subscriptions).where(eq(subscriptions.id, 'sub_claims_bob'));
    expect((await subscriptionOf(alice.id)).id).toBe(alice.subscriptionId);
  });
});

describe('IDOR: one user acting on what belongs to another', () => {
  it("Bob cannot read or apply Alice's checkout session", async () => {
    expectErrorShape(await bob.client.get(`/api/billing/checkout/${alice.sessionId}`), 404, 'NOT_FOUND');
    // The same answer as for a session that does not exist, so ids cannot be probed.
    const unknown = await bob.client.get('/api/billing/checkout/cs_test_does_not_exist');
    expectErrorShape(unknown, 404, 'NOT_FOUND');
    expect(unknown.json.error).toBe(
      (await bob.client.get(`/api/billing/checkout/${alice.sessionId}`)).json.error,
    );
    expect((await billingOf(bob.client)).plan.id).toBe('pro');
  });

  it("cancel, resume and change-plan act on the caller's own subscription only", async () => {
    const aliceBefore = await subscriptionOf(alice.id);
    const aliceStripeBefore = await stripe.subscriptions.retrieve(alice.subscriptionId);

    // Every body field that could name a target is ignored.
    const extra = { subscriptionId: alice.subscriptionId, userId: alice.id, customerId: alice.customerId };
    expect((await bob.client.post('/api/billing/cancel', { ...extra, atPeriodEnd: true })).statusCode).toBe(
      200,
    );
    expect((await subscriptionOf(bob.id)).cancelAtPeriodEnd).toBe(true);
    expect((await bob.client.post('/api/billing/resume', extra)).statusCode).toBe(200);
    const changed = await bob.client.post('/api/billing/change-plan', {
      ...extra,
      priceId: 'premium_monthly',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await t.settle();
    expect((await subscriptionOf(bob.id)).priceId).toBe('premium_monthly');

    const aliceAfter = await subscriptionOf(alice.id);
    expect(aliceAfter).toMatchObject({
      cancelAtPeriodEnd: false,
      priceId: aliceBefore.priceId,
      cancellationReason: aliceBefore.cancellationReason,
    });
    const aliceStripeAfter = await stripe.subscriptions.retrieve(alice.subscriptionId);
    expect(aliceStripeAfter.cancel_at_period_end).toBe(false);
    expect(aliceStripeAfter.items.data[0]!.price.id).toBe(aliceStripeBefore.items.data[0]!.price.id);
  });

  it("invoices, payments, AI history and the portal show only the caller's own", async () => {
    const aliceInvoices = (await alice.client.get('/api/invoices')).data.invoices.map(
      (i: { id: string }) => i.id,
    );
    const bobInvoices = (await bob.client.get('/api/invoices')).data.invoices.map(
      (i: { id: string }) => i.id,
    );
    expect(aliceInvoices.length).toBeGreaterThan(0);
    expect(bobInvoices.length).toBeGreaterThan(0);
    expect(bobInvoices.filter((id: string) => aliceInvoices.includes(id))).toEqual([]);
    // Paging from someone else's invoice is refused, not a window into their list.
    expectErrorShape(
      await bob.client.get(`/api/invoices?startingAfter=${aliceInvoices[0]}`),
      404,
      'NOT_FOUND',
    );

    const refs = async (client: TestClient) =>
      (await client.get('/api/billing/payments')).data.payments.map((p: { id: string }) => p.id);
    const alicePayments = await refs(alice.client);
    expect((await refs(bob.client)).filter((id: string) => alicePayments.includes(id))).toEqual([]);

    const secret = await alice.client.post('/api/ai/generate', { prompt: 'alice private prompt' });
    expect(secret.statusCode, secret.body).toBe(200);
    const bobHistory = (await bob.client.get('/api/ai/history')).data.items;
    expect(JSON.stringify(bobHistory)).not.toContain('alice private prompt');

    const portal = await bob.client.post('/api/billing/portal', { customerId: alice.customerId });
    expect(portal.statusCode).toBe(200);
    const page = await (await fetch(portal.data.url)).text();
    expect(page).not.toContain(alice.subscriptionId);
    expect(page).toContain(bob.subscriptionId);
  });
});

describe('open redirects', () => {
  const hostile = {
    host: 'evil.example',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    origin: 'https://evil.example',
    referer: 'https://evil.example/phish',
  };

  it('checkout success and cancel URLs are built from APP_URL, whatever the request says', async () => {
    const erin = t.client();
    await erin.register('erin@example.com');
    const start = await erin.post(
      '/api/billing/checkout',
      {
        priceId: 'pro_monthly',
        successUrl: 'https://evil.example/ok',
        success_url: 'https://evil.example/ok',
        cancelUrl: 'https://evil.example/no',
        returnUrl: 'https://evil.example/',
      },
      hostile,
    );
    expect(start.statusCode, start.body).toBe(200);
    const session = await stripe.checkout.sessions.retrieve(start.data.sessionId);
    for (const url of [session.success_url, session.cancel_url]) {
      expect(new URL(url!).origin).toBe('http://tollgate.test');
    }
  });

  it('the portal return URL is APP_URL plus a path, for every spelling of an outside address', async () => {
    for (const returnUrl of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      ' /evil',
      '/\t/evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/%2F%2Fevil.example',
      '/@evil.example',
      '/.evil.example',
      '/..//evil.example',
    ]) {
      const response = await alice.client.post('/api/billing/portal', { returnUrl }, hostile);
      if (response.statusCode === 400) {
        expectErrorShape(response, 400, 'VALIDATION_FAILED');
        continue;
      }
      expect(response.statusCode, returnUrl).toBe(200);
      const page = await (await fetch(response.data.url)).text();
      const hrefs = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
      const back = hrefs.filter((h) => !h.startsWith('/'));
      expect(back.length, returnUrl).toBeGreaterThan(0);
      for (const href of back) expect(new URL(href).host, `${returnUrl} → ${href}`).toBe('tollgate.test');
    }
    const redirect = await alice.client.get('/api/stripe/portal', hostile);
    expect(redirect.statusCode).toBe(303);
    expect(new URL(redirect.headers.location as string).host).not.toBe('evil.example');
  });
});

describe('cancellation reason and feedback', () => {
  it('are stored verbatim when they hold SQL or HTML, and no table is lost', async () => {
    const reason = "'; DROP TABLE subscriptions; --";
    const feedback = '<script>alert(1)</script> Robert\'); DELETE FROM users;-- "quoted" \\ $$';
    const response = await alice.client.post('/api/billing/cancel', { atPeriodEnd: true, reason, feedback });
    expect(response.statusCode, response.body).toBe(200);
    expect(await subscriptionOf(alice.id)).toMatchObject({
      cancellationReason: reason,
      cancellationFeedback: feedback,
    });
    expect(Object.keys(await tableChecksums(t.database))).toEqual(
      expect.arrayContaining(['subscriptions', 'users', 'sessions']),
    );
    expect((await alice.client.post('/api/billing/resume')).statusCode).toBe(200);
    await t.settle();
  });
});
