import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { http, monthlyPrice, startHarness, startReceiver, type Harness } from './helpers.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanup.push(() => h.close());
  return h;
}

async function receiver(status?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(status);
  cleanup.push(() => r.close());
  return r;
}

const verifier = new Stripe('sk_test_verify');

describe('webhook endpoints and signed deliveries', () => {
  it('signs deliveries so stripe.webhooks.constructEvent accepts them', async () => {
    const r = await receiver();
    const h = await harness();
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: r.url,
      enabled_events: ['customer.*' as 'customer.created'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await h.stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    const customer = await h.stripe.customers.create({ email: 'hook@example.com' });
    await h.stripe.customers.update(customer.id, { name: 'Hooked' });
    await h.stripe.products.create({ name: 'not sent' });
    await h.emulator.webhooksIdle();
    expect(r.received.map((entry) => entry.event.type)).toEqual(['customer.created', 'customer.updated']);
    for (const entry of r.received) {
      const event = verifier.webhooks.constructEvent(entry.body, entry.signature, endpoint.secret!);
      expect(event.api_version).toBe('2026-10-28.endive');
      expect(event.livemode).toBe(false);
    }
    const updated = r.received[1]!.event;
    expect(updated.data.previous_attributes).toEqual({ name: null });
    expect(updated.request?.id).toMatch(/^req_/);
    expect(() =>
      verifier.webhooks.constructEvent(r.received[0]!.body, r.received[0]!.signature, 'whsec_wrong'),
    ).toThrow();
    expect(Math.abs(Number(/t=(\d+)/.exec(r.received[0]!.signature)![1]) - Date.now() / 1000)).toBeLessThan(
      5,
    );
    const list = await h.stripe.webhookEndpoints.list();
    expect(list.data).toHaveLength(1);
    await h.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(await h.stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ deleted: true });
  });

  it('retries a failing receiver with compressed backoff and logs every attempt', async () => {
    const r = await receiver((attempt) => (attempt < 3 ? 500 : 200));
    const h = await harness({
      webhooks: [{ url: r.url, secret: 'whsec_configured', events: ['customer.created'] }],
    });
    const customer = await h.stripe.customers.create({ email: 'retry@example.com' });
    await h.emulator.webhooksIdle();
    expect(r.received).toHaveLength(3);
    const deliveries = await http(h.emulator.url, '/_emulator/deliveries', { key: null });
    const attempts = (
      deliveries.json.data as { attempt: number; status: number; ok: boolean; event: string }[]
    ).filter(
      (entry) =>
        (r.received[0]!.event.data.object as Stripe.Customer).id === customer.id &&
        entry.event === r.received[0]!.event.id,
    );
    expect(attempts.map((entry) => [entry.attempt, entry.status, entry.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    verifier.webhooks.constructEvent(r.received[2]!.body, r.received[2]!.signature, 'whsec_configured');
    expect((await h.stripe.events.retrieve(r.received[0]!.event.id)).pending_webhooks).toBe(0);
  });

  it('gives up after the retry schedule and reports delivery_success=false', async () => {
    const r = await receiver(() => 503);
    const h = await harness({
      webhooks: [{ url: r.url, secret: 'whsec_x', events: ['product.created'] }],
      retryDelaysMs: [5, 5],
    });
    await h.stripe.products.create({ name: 'Never delivered' });
    await h.emulator.webhooksIdle();
    expect(r.received).toHaveLength(3);
    const failed = await h.stripe.events.list({ delivery_success: false });
    expect(failed.data.map((event) => event.type)).toEqual(['product.created']);
  });

  it('chaos duplicates, shuffles and fails deliveries; API chaos answers 500/429 with Stripe-Should-Retry', async () => {
    const r = await receiver();
    const h = await harness({ webhooks: [{ url: r.url, secret: 'whsec_c', events: ['customer.created'] }] });
    const chaos = await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 1, shuffle: true, seed: 7 }),
    });
    expect(chaos.json).toMatchObject({ duplicateRate: 1, shuffle: true });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++)
      ids.push((await h.stripe.customers.create({ email: `c${i}@example.com` })).id);
    await h.emulator.webhooksIdle();
    expect(r.received).toHaveLength(16);
    const order = r.received.map((entry) => (entry.event.data.object as Stripe.Customer).id);
    expect(new Set(order).size).toBe(8);
    expect(order.filter((id, index) => order.indexOf(id) === index)).not.toEqual(ids);

    await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      body: 'duplicateRate=0&shuffle=false&failRate=1',
    });
    r.received.length = 0;
    await h.stripe.customers.create({ email: 'fail@example.com' });
    await h.emulator.webhooksIdle();
    expect(r.received).toHaveLength(0);
    expect(h.emulator.deliveries().at(-1)).toMatchObject({
      ok: false,
      error: 'chaos: simulated delivery failure',
      will_retry: false,
    });

    await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      body: 'failRate=0&apiErrorRate=1',
    });
    const failing = await http(h.emulator.url, '/v1/customers');
    expect([429, 500]).toContain(failing.status);
    expect(failing.headers.get('stripe-should-retry')).toBe('true');
    const bad = await http(h.emulator.url, '/_emulator/chaos', {
      method: 'POST',
      key: null,
      body: 'apiErrorRate=2',
    });
    expect(bad.status).toBe(400);
    await http(h.emulator.url, '/_emulator/chaos', { method: 'POST', key: null, body: 'apiErrorRate=0' });
    expect((await http(h.emulator.url, '/v1/customers')).status).toBe(200);
  });

  it('chaos delayMs holds each delivery back', async () => {
    const r = await receiver();
    const h = await harness({
      webhooks: [{ url: r.url, secret: 'whsec_d', events: ['product.created'] }],
      chaos: { delayMs: 150 },
    });
    const started = Date.now();
    await h.stripe.products.create({ name: 'Slow' });
    await h.emulator.webhooksIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.received).toHaveLength(1);
  });

  it('reset clears all state', async () => {
    const h = await harness();
    const price = await monthlyPrice(h.stripe, 100);
    const reset = await http(h.emulator.url, '/_emulator/reset', { method: 'POST', key: null });
    expect(reset.status).toBe(200);
    await expect(h.stripe.prices.retrieve(price.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await h.stripe.events.list()).data).toHaveLength(0);
  });
});
