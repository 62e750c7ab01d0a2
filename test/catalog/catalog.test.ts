import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog, loadCatalog } from '../../src/catalog/catalog.ts';

describe('the plan catalog', () => {
  it('loads the demo catalog: free, pro with a trial and a pass, premium', () => {
    const catalog = loadCatalog();
    expect(catalog.plans.map((p) => p.id)).toEqual(['free', 'pro', 'premium']);
    expect(catalog.plan('pro')).toMatchObject({ trialDays: 14 });
    expect(catalog.price('pro_pass_30d')).toMatchObject({
      type: 'one_time',
      durationDays: 30,
      planId: 'pro',
      currency: 'usd',
    });
    expect(catalog.price('premium_yearly')).toMatchObject({ type: 'recurring', interval: 'year' });
    expect(catalog.rank('premium')).toBeGreaterThan(catalog.rank('pro'));
  });

  it('has an implicit free tier when the file declares none', () => {
    const catalog = buildCatalog({ currency: 'eur', plans: [{ id: 'team', name: 'Team', prices: [] }] });
    expect(catalog.free).toMatchObject({ id: 'free', features: [] });
  });

  it.each([
    [{ currency: 'USD', plans: [{ id: 'a', name: 'A' }] }, /currency/],
    [{ currency: 'usd', plans: [] }, /plans/],
    [
      {
        currency: 'usd',
        plans: [
          { id: 'a', name: 'A' },
          { id: 'a', name: 'B' },
        ],
      },
      /duplicate plan id "a"/,
    ],
    [
      {
        currency: 'usd',
        plans: [
          { id: 'a', name: 'A', prices: [{ id: 'x', type: 'recurring', interval: 'week', amount: 1 }] },
        ],
      },
      /interval/,
    ],
    [
      {
        currency: 'usd',
        plans: [{ id: 'a', name: 'A', prices: [{ id: 'x', type: 'one_time', amount: 100 }] }],
      },
      /durationDays/,
    ],
    [
      {
        currency: 'usd',
        plans: [
          { id: 'a', name: 'A', prices: [{ id: 'x', type: 'recurring', interval: 'month', amount: 9.99 }] },
        ],
      },
      /amount/,
    ],
    [
      {
        currency: 'usd',
        plans: [
          {
            id: 'free',
            name: 'Free',
            prices: [{ id: 'x', type: 'recurring', interval: 'month', amount: 1 }],
          },
        ],
      },
      /free plan cannot have prices/,
    ],
  ])('refuses an invalid catalog with a message naming the problem (%#)', (input, message) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'catalog-')), 'plans.json');
    writeFileSync(file, JSON.stringify(input));
    expect(() => loadCatalog(file)).toThrow(message);
  });
});
