import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, startScenario, type Scenario } from '../support/scenario.ts';

describe('cancel at period end → access until the end → expired', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario('leaver@example.com');
  });
  afterAll(() => s.close());

  it('keeps access until the end of the paid month, then is Free', async () => {
    await s.buy('premium_monthly');
    await s.advance(10);
    const cancel = await s.customer.post('/api/billing/cancel', { reason: 'not_using' });
    expect(cancel.data).toMatchObject({ tier: 'premium', cancelAtPeriodEnd: true });
    await s.t.settle();
    expect(count(await s.mailKinds(), 'subscription_canceled')).toBe(1);
    await s.advance(15);
    expect(await s.billing()).toMatchObject({ tier: 'premium', cancelAtPeriodEnd: true, autoRenew: false });
    await s.advance(7);
    expect(await s.billing()).toMatchObject({ tier: 'free', status: 'expired' });
    const kinds = await s.mailKinds();
    expect(count(kinds, 'access_expired')).toBe(1);
    expect(count(kinds, 'payment_receipt')).toBe(1);
  });
});

describe('a yearly plan', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario('yearly@example.com');
  });
  afterAll(() => s.close());

  it('gets a renewal reminder 7 days before it renews, once, then renews with a receipt', async () => {
    await s.buy('premium_yearly');
    await s.advance(350);
    expect(count(await s.mailKinds(), 'renewal_reminder')).toBe(0);
    await s.advance(9);
    expect(count(await s.mailKinds(), 'renewal_reminder')).toBe(1);
    await s.advance(3);
    expect(count(await s.mailKinds(), 'renewal_reminder')).toBe(1);
    await s.advance(5);
    const kinds = await s.mailKinds();
    expect(count(kinds, 'payment_receipt')).toBe(2);
    expect(await s.billing()).toMatchObject({ tier: 'premium', status: 'active' });
  });
});
