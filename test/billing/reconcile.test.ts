import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileStripe } from '../../src/billing/reconcile-stripe.ts';
import { stripeEvents, subscriptions } from '../../src/platform/db/schema/index.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';

let t: BillingApp;
beforeAll(async () => {
  t = await startBillingApp();
});
afterAll(() => t.close());

describe('reconciliation with Stripe', () => {
  it('repairs a drifted subscription and recovers a missed event', async () => {
    const client = t.client();
    const user = await client.register('drift@example.com');
    const start = await client.post('/api/billing/checkout', { priceId: 'premium_monthly' });
    await payOnCheckoutPage(start.data.checkoutUrl);
    await t.settle();
    const [sub] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.userId, user.id));

    // Drift: the mirror says canceled, and one event never arrived.
    await t.database.db
      .update(subscriptions)
      .set({ status: 'canceled' })
      .where(eq(subscriptions.id, sub!.id));
    const [missed] = await t.database.db
      .select()
      .from(stripeEvents)
      .where(eq(stripeEvents.type, 'invoice.paid'))
      .limit(1);
    await t.database.db.delete(stripeEvents).where(eq(stripeEvents.id, missed!.id));

    const progress: number[] = [];
    const report = await reconcileStripe(
      { ...t.billing, queue: t.queue },
      { eventsSince: new Date(Date.now() - 3600_000), onProgress: (n) => progress.push(n) },
    );
    expect(report.subscriptionsChanged).toEqual([sub!.id]);
    expect(report.subscriptionsChecked).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBe(report.subscriptionsChecked);
    expect(report.eventsRecovered).toBe(1);
    await t.settle();
    const [fixed] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.id, sub!.id));
    expect(fixed!.status).toBe('active');
    expect(
      (await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, missed!.id)))[0]?.status,
    ).toBe('processed');

    const again = await reconcileStripe(
      { ...t.billing, queue: t.queue },
      { eventsSince: new Date(Date.now() - 3600_000) },
    );
    expect(again).toMatchObject({ subscriptionsChanged: [], eventsRecovered: 0 });
  });
});
