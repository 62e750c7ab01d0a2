import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { http, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('customers', () => {
  it('creates, retrieves, updates, lists by email, searches and deletes', async () => {
    const { stripe } = h;
    const created = await stripe.customers.create({
      email: 'ann@example.com',
      name: 'Ann',
      metadata: { user_id: '1' },
    });
    expect(created.id).toMatch(/^cus_/);
    expect(created.object).toBe('customer');
    const updated = await stripe.customers.update(created.id, {
      name: 'Ann B',
      metadata: { plan: 'pro', user_id: '' },
    });
    expect(updated.name).toBe('Ann B');
    expect(updated.metadata).toEqual({ plan: 'pro' });
    await stripe.customers.create({ email: 'bob@example.com' });
    const list = await stripe.customers.list({ email: 'ann@example.com' });
    expect(list.data.map((row) => row.id)).toEqual([created.id]);
    const found = await stripe.customers.search({ query: "email:'ann@example.com'" });
    expect(found.data[0]?.id).toBe(created.id);
    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    await expect(stripe.customers.retrieve(created.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('paginates newest first with starting_after and ending_before', async () => {
    const { stripe } = h;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await stripe.customers.create({ email: `page${i}@example.com`, metadata: { batch: 'p' } })).id,
      );
    const newest = [...ids].reverse();
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.data.map((row) => row.id)).toEqual(newest.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 2, starting_after: newest[1] });
    expect(second.data.map((row) => row.id)).toEqual(newest.slice(2, 4));
    const back = await stripe.customers.list({ limit: 2, ending_before: newest[2] });
    expect(back.data.map((row) => row.id)).toEqual(newest.slice(0, 2));
    expect(back.has_more).toBe(false);
    const all: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 2 })) all.push(customer.id);
    expect(all.slice(0, 5)).toEqual(newest);
    await expect(stripe.customers.list({ limit: 101 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'limit',
    });
    await expect(stripe.customers.list({ starting_after: 'cus_missing' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'starting_after',
    });
  });

  it('rejects unknown parameters and wrong types with 400 and param', async () => {
    const { stripe } = h;
    await expect(
      stripe.customers.create({ emial: 'x' } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'emial',
      message: 'Received unknown parameter: emial',
    });
    await expect(stripe.customers.create({ balance: 'lots' as unknown as number })).rejects.toMatchObject({
      statusCode: 400,
      param: 'balance',
    });
    await expect(
      stripe.customers.create({ invoice_settings: { nope: 1 } } as unknown as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ param: 'invoice_settings[nope]' });
  });

  it('expands nested fields and rejects what cannot be expanded', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({
      email: 'exp@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const expanded = await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    });
    const method = (expanded as Stripe.Customer).invoice_settings
      .default_payment_method as Stripe.PaymentMethod;
    expect(method.object).toBe('payment_method');
    expect(method.card?.last4).toBe('4242');
    const list = await stripe.customers.list({
      email: 'exp@example.com',
      expand: ['data.invoice_settings.default_payment_method'],
    });
    expect((list.data[0]!.invoice_settings.default_payment_method as Stripe.PaymentMethod).id).toBe(
      method.id,
    );
    await expect(stripe.customers.retrieve(customer.id, { expand: ['email'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'expand',
    });
  });
});

describe('wire format over plain HTTP', () => {
  it('answers 401 without a key or with a malformed one', async () => {
    const missing = await http(h.emulator.url, '/v1/customers', { key: null });
    expect(missing.status).toBe(401);
    expect((missing.json.error as { type: string }).type).toBe('invalid_request_error');
    const wrong = await http(h.emulator.url, '/v1/customers', { key: 'pk_live_nope' });
    expect(wrong.status).toBe(401);
  });

  it('decodes bracket notation and survives malformed and oversized bodies', async () => {
    const ok = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: 'email=x%40y.z&metadata[user_id]=42&preferred_locales[]=en',
    });
    expect(ok.status).toBe(200);
    expect(ok.json.metadata).toEqual({ user_id: '42' });
    expect(ok.json.preferred_locales).toEqual(['en']);
    const garbage = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: '%%%&&==[[]]&metadata[=1',
    });
    expect([200, 400]).toContain(garbage.status);
    const nested = await http(h.emulator.url, '/v1/customers', { method: 'POST', body: 'email[a][b]=1' });
    expect(nested.status).toBe(400);
    expect((nested.json.error as { param: string }).param).toBe('email');
    const huge = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: `description=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    const unknownRoute = await http(h.emulator.url, '/v1/nothing_here');
    expect(unknownRoute.status).toBe(404);
    const after = await h.stripe.customers.list({ limit: 1 });
    expect(after.object).toBe('list');
  });

  it('replays idempotent requests and rejects a different body with the same key', async () => {
    const key = `key-${Date.now()}`;
    const first = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: 'email=idem%40example.com',
      headers: { 'idempotency-key': key },
    });
    const again = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: 'email=idem%40example.com',
      headers: { 'idempotency-key': key },
    });
    expect(again.json.id).toBe(first.json.id);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const mismatch = await http(h.emulator.url, '/v1/customers', {
      method: 'POST',
      body: 'email=other%40example.com',
      headers: { 'idempotency-key': key },
    });
    expect(mismatch.status).toBe(400);
    expect((mismatch.json.error as { type: string }).type).toBe('idempotency_error');
    const viaSdk = await h.stripe.customers.create(
      { email: 'sdk@example.com' },
      { idempotencyKey: 'sdk-key' },
    );
    const replay = await h.stripe.customers.create(
      { email: 'sdk@example.com' },
      { idempotencyKey: 'sdk-key' },
    );
    expect(replay.id).toBe(viaSdk.id);
    await expect(
      h.stripe.customers.create({ email: 'changed@example.com' }, { idempotencyKey: 'sdk-key' }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError' });
  });
});
