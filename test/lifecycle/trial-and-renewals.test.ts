import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, startScenario, type Scenario } from '../support/scenario.ts';

let s: Scenario;
beforeAll(async () => {
  s = await startScenario('trial-year@example.com');
});
afterAll(() => s.close());

describe('trial → paid → renewals, through time travel', () => {
  it('starts a 14-day trial with a confirmation', async () => {
    await s.buy('pro_monthly');
    expect(await s.billing()).toMatchObject({ tier: 'pro', status: 'trialing', autoRenew: true });
    expect((await s.mailKinds()).sort()).toEqual(['subscription_confirmation', 'welcome']);
  });

  it('warns 3 days before the trial ends', async () => {
    await s.advance(11);
    expect(await s.billing()).toMatchObject({ status: 'trialing' });
    expect(count(await s.mailKinds(), 'trial_ending')).toBe(1);
  });

  it('charges when the trial ends and sends a receipt', async () => {
    await s.advance(4);
    expect(await s.billing()).toMatchObject({ tier: 'pro', status: 'active' });
    const kinds = await s.mailKinds();
    expect(count(kinds, 'payment_receipt')).toBe(1);
    const payments = (await s.customer.get('/api/billing/payments')).data.payments;
    expect(payments.map((p: { amount: number }) => p.amount)).toEqual([900]);
  });

  it('renews every month with a receipt each time, for the rest of the year', async () => {
    for (let month = 1; month <= 11; month++) await s.advance(31);
    // Sessions travel with the clock: the customer is still signed in after eleven months.
    expect(s.relogins()).toBe(0);
    expect(await s.billing()).toMatchObject({ tier: 'pro', status: 'active', autoRenew: true });
    const kinds = await s.mailKinds();
    expect(count(kinds, 'payment_receipt')).toBe(12);
    expect(count(kinds, 'trial_ending')).toBe(1);
    expect(count(kinds, 'subscription_confirmation')).toBe(1);
    const invoices = (await s.customer.get('/api/invoices?limit=100')).data.invoices;
    expect(
      invoices.filter(
        (i: { status: string; amountPaid: number }) => i.status === 'paid' && i.amountPaid === 900,
      ),
    ).toHaveLength(12);
  });
});
