import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startEmulator } from '../src/index.ts';
import { DebouncedWriter } from '../src/store/persistence.ts';
import { DAY, http, monthlyPrice, startHarness } from './helpers.ts';

describe('test clocks', () => {
  it('creates, lists, refuses a fourth customer and backwards moves, and deletes with its objects', async () => {
    const h = await startHarness();
    try {
      const { stripe } = h;
      const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_800_000_000, name: 'c' });
      expect(clock).toMatchObject({
        object: 'test_helpers.test_clock',
        status: 'ready',
        frozen_time: 1_800_000_000,
      });
      const customers = [];
      for (let i = 0; i < 3; i++) customers.push(await stripe.customers.create({ test_clock: clock.id }));
      expect(customers[0]!.created).toBe(1_800_000_000);
      await expect(stripe.customers.create({ test_clock: clock.id })).rejects.toMatchObject({
        statusCode: 400,
        param: 'test_clock',
      });
      await expect(
        stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_700_000_000 }),
      ).rejects.toMatchObject({ param: 'frozen_time' });
      expect((await stripe.testHelpers.testClocks.list()).data).toHaveLength(1);
      expect(await stripe.testHelpers.testClocks.del(clock.id)).toMatchObject({ deleted: true });
      await expect(stripe.customers.retrieve(customers[0]!.id)).rejects.toMatchObject({ statusCode: 404 });
      await expect(stripe.testHelpers.testClocks.retrieve(clock.id)).rejects.toMatchObject({
        statusCode: 404,
      });
    } finally {
      await h.close();
    }
  });

  it('moves the emulator clock (frozen) and renews subscriptions not on a test clock', async () => {
    const start = Date.UTC(2026, 0, 1) / 1000;
    const h = await startHarness({ frozenTime: start });
    try {
      const { stripe } = h;
      const customer = await stripe.customers.create({
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      });
      expect(customer.created).toBe(start);
      const price = await monthlyPrice(stripe, 500);
      const subscription = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
      });
      const moved = await http(h.emulator.url, '/_emulator/clock', {
        method: 'POST',
        key: null,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance_seconds: 65 * DAY }),
      });
      expect(moved.json).toMatchObject({ now: start + 65 * DAY, frozen: true });
      expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(3);
      const back = await http(h.emulator.url, '/_emulator/clock', {
        method: 'POST',
        key: null,
        body: `to=${start}`,
      });
      expect(back.status).toBe(400);
    } finally {
      await h.close();
    }
  });
});

describe('persistence and the CLI', () => {
  it('spaces out whole-state writes once they get slow, and always writes on flush', () => {
    let writes = 0;
    let cost = 0;
    const writer = new DebouncedWriter(() => {
      writes++;
      const until = performance.now() + cost;
      while (performance.now() < until) {
        // a slow write
      }
    }, 200);
    expect(writer.nextDelayMs).toBe(200);
    writer.flush();
    expect(writer.nextDelayMs).toBe(200);
    cost = 50;
    writer.flush();
    expect(writes).toBe(2);
    expect(writer.nextDelayMs).toBeGreaterThanOrEqual(500);
  });

  it('keeps state in the data file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startEmulator({ port: 0, dataFile });
      const stripe = new Stripe('sk_test_persist', { host: '127.0.0.1', port: first.port, protocol: 'http' });
      const customer = await stripe.customers.create({ email: 'persist@example.com' });
      await first.close();
      const second = await startEmulator({ port: 0, dataFile });
      const again = new Stripe('sk_test_persist', { host: '127.0.0.1', port: second.port, protocol: 'http' });
      expect((await again.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
        email: 'persist@example.com',
      });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help', () => {
    const output = execFileSync(
      process.execPath,
      [new URL('../bin/stripe-emulator.js', import.meta.url).pathname, '--help'],
      { encoding: 'utf8' },
    );
    expect(output).toContain('--webhook-url');
    expect(output).toContain('--data FILE');
  });
});
