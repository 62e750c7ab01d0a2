import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { buildCatalog, loadCatalog } from '../../src/catalog/catalog.ts';
import { syncPlans } from '../../src/catalog/sync-plans.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { catalogPrices } from '../../src/platform/db/schema/index.ts';
import { createTestDatabase } from '../support/test-database.ts';

let emulator: EmulatorHandle;
let database: Database;
let stripe: Stripe;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  database = await createTestDatabase();
  stripe = new Stripe('sk_test_sync', { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
});
afterAll(async () => {
  await emulator.close();
  await database.close();
});

const deps = () => ({ db: database.db, stripe, now: () => new Date() });

describe('plans sync', () => {
  it('creates products and prices by lookup key, reports progress, and is idempotent', async () => {
    const catalog = loadCatalog();
    const progress: string[] = [];
    const first = await syncPlans(deps(), catalog, (done, total, id) =>
      progress.push(`${done}/${total} ${id}`),
    );
    expect(first.map((r) => r.action)).toEqual(['created', 'created', 'created', 'created', 'created']);
    expect(progress.at(-1)).toBe('5/5 premium_yearly');
    const price = await stripe.prices.list({ lookup_keys: ['pro_yearly'] });
    expect(price.data[0]).toMatchObject({
      unit_amount: 9000,
      currency: 'usd',
      recurring: { interval: 'year' },
    });
    expect((await stripe.products.list({ limit: 100 })).data).toHaveLength(2);

    const second = await syncPlans(deps(), catalog);
    expect(second.map((r) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(second.map((r) => r.stripePriceId)).toEqual(first.map((r) => r.stripePriceId));
    expect((await stripe.products.list({ limit: 100 })).data).toHaveLength(2);
  });

  it('a changed amount creates a new price and moves the lookup key; the old price is not edited', async () => {
    const raw = JSON.parse(
      JSON.stringify({
        currency: 'usd',
        plans: loadCatalog().plans.map(({ prices, ...p }) => ({
          ...p,
          prices: prices.map(({ planId: _p, currency: _c, ...x }) => x),
        })),
      }),
    );
    raw.plans[1].prices[0].amount = 1100;
    raw.plans[1].name = 'Pro Plus';
    const [old] = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
    const results = await syncPlans(deps(), buildCatalog(raw));
    const changed = results.find((r) => r.priceId === 'pro_monthly')!;
    expect(changed.action).toBe('replaced');
    expect(changed.stripePriceId).not.toBe(old!.id);
    const [moved] = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
    expect(moved).toMatchObject({ id: changed.stripePriceId, unit_amount: 1100 });
    const before = await stripe.prices.retrieve(old!.id);
    expect(before).toMatchObject({ unit_amount: 900, lookup_key: null, active: true });
    const [row] = await database.db.select().from(catalogPrices).where(eq(catalogPrices.id, 'pro_monthly'));
    expect(row).toMatchObject({ stripePriceId: changed.stripePriceId, amount: 1100 });
    expect((await stripe.products.retrieve(row!.stripeProductId)).name).toBe('Pro Plus');
  });
});
