import { count as sqlCount } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../src/platform/db/schema/index.ts';
import { count, startScenario, type Scenario } from '../support/scenario.ts';

let s: Scenario;
beforeAll(async () => {
  s = await startScenario('duplicates@example.com');
  // Every delivery twice, in shuffled order, and a fifth of first deliveries failing.
  const chaos = await fetch(`${s.t.emulator.url}/_emulator/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ duplicateRate: 1, shuffle: true, failRate: 0.2 }),
  });
  expect(chaos.status).toBe(200);
});
afterAll(() => s.close());

describe('duplicated, shuffled and failing webhook deliveries', () => {
  it('still mail exactly once per dedupe key over a trial and three renewals', async () => {
    await s.buy('pro_monthly');
    await s.advance(11);
    await s.advance(4);
    for (let i = 0; i < 3; i++) await s.advance(31);
    const kinds = await s.mailKinds();
    expect(count(kinds, 'subscription_confirmation')).toBe(1);
    expect(count(kinds, 'trial_ending')).toBe(1);
    expect(count(kinds, 'payment_receipt')).toBe(4);
    expect(await s.billing()).toMatchObject({ tier: 'pro', status: 'active' });
    const [{ n }] = (await s.t.database.db.select({ n: sqlCount() }).from(emailOutbox)) as [{ n: number }];
    const keys = new Set(
      (await s.t.database.db.select({ k: emailOutbox.dedupeKey }).from(emailOutbox)).map((r) => r.k),
    );
    expect(keys.size).toBe(n);
    const deliveries = s.t.emulator.deliveries();
    expect(deliveries.length).toBeGreaterThan(new Set(deliveries.map((d) => d.event)).size);
  });
});
