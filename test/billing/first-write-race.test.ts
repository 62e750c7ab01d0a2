import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySubscription } from '../../src/billing/sync/apply-subscription.ts';
import { subscriptions } from '../../src/platform/db/schema/index.ts';
import { retrieveSubscription } from '../../src/stripe/subscriptions.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';

let t: BillingApp;
beforeAll(async () => {
  t = await startBillingApp();
});
afterAll(() => t.close());

/**
 * The first write of a subscription has no row to lock: a webhook's older state and a fresh fetch
 * arriving together must still end on the fetched state, whichever starts first.
 */
describe('first write of a subscription', () => {
  it('a fetch racing an older event for a new row always wins', async () => {
    const client = t.client();
    await client.register('race@example.com');
    const start = await client.post('/api/billing/checkout', { priceId: 'premium_monthly' });
    await payOnCheckoutPage(start.data.checkoutUrl);
    await client.get(`/api/billing/checkout/${start.data.sessionId}`);
    await t.settle();
    const [row] = await t.database.db.select().from(subscriptions);
    const fetched = await retrieveSubscription(t.billing.stripe.client, row!.id);
    const older = { ...fetched, status: 'incomplete' } as Stripe.Subscription;
    for (let round = 0; round < 10; round++) {
      await t.database.db.delete(subscriptions).where(eq(subscriptions.id, row!.id));
      const applies = [
        () => applySubscription(t.billing, older, { kind: 'event', created: fetched.created }),
        () => applySubscription(t.billing, fetched),
      ];
      await Promise.all(round % 2 === 0 ? applies.map((f) => f()) : applies.reverse().map((f) => f()));
      const [after] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.id, row!.id));
      expect(after!.status).toBe(fetched.status);
    }
  });
});
