import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../src/platform/db/schema/index.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';
import { expectErrorShape, type TestClient } from '../support/test-app.ts';

let t: BillingApp;
beforeAll(async () => {
  t = await startBillingApp();
});
afterAll(() => t.close());

async function subscribe(email: string, priceId = 'premium_monthly'): Promise<TestClient> {
  const client = t.client();
  await client.register(email);
  const start = await client.post('/api/billing/checkout', { priceId });
  await payOnCheckoutPage(start.data.checkoutUrl);
  await client.get(`/api/billing/checkout/${start.data.sessionId}`);
  await t.settle();
  return client;
}

describe('cancel and resume', () => {
  it('cancels at the period end by default, keeps access and the reason, and resumes', async () => {
    const client = await subscribe('cancel@example.com');
    const cancel = await client.post('/api/billing/cancel', {
      reason: 'too_expensive',
      feedback: 'Nice, but <b>pricey</b>',
    });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.data).toMatchObject({
      tier: 'premium',
      status: 'active',
      cancelAtPeriodEnd: true,
      autoRenew: false,
    });
    expect(cancel.data.accessUntil).toBe(cancel.data.currentPeriodEnd);
    expect(cancel.data.daysRemaining).toBeGreaterThanOrEqual(28);
    const [row] = await t.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.cancellationReason, 'too_expensive'));
    expect(row!.cancellationFeedback).toBe('Nice, but <b>pricey</b>');
    await t.settle();
    expect((await client.get('/api/billing/status')).data.cancelAtPeriodEnd).toBe(true);

    const resume = await client.post('/api/billing/resume');
    expect(resume.data).toMatchObject({ cancelAtPeriodEnd: false, autoRenew: true, accessUntil: null });
    await t.settle();
    expect((await client.get('/api/billing/status')).data.cancelAtPeriodEnd).toBe(false);
  });

  it('cancels immediately with atPeriodEnd: false and the user is Free', async () => {
    const client = await subscribe('cancel-now@example.com');
    const cancel = await client.post('/api/billing/cancel', { atPeriodEnd: false });
    expect(cancel.data).toMatchObject({ tier: 'free', isPro: false, status: 'expired' });
    await t.settle();
    expect((await client.get('/api/billing/status')).data.tier).toBe('free');
    expectErrorShape(await client.get('/api/pro/report'), 403, 'SUBSCRIPTION_INACTIVE');
  });

  it('answers 409 NO_SUBSCRIPTION without a subscription and 400 for bad input', async () => {
    const client = t.client();
    await client.register('nothing-to-cancel@example.com');
    expectErrorShape(await client.post('/api/billing/cancel', {}), 409, 'NO_SUBSCRIPTION');
    expectErrorShape(await client.post('/api/billing/resume'), 409, 'NO_SUBSCRIPTION');
    expectErrorShape(
      await client.post('/api/billing/cancel', { atPeriodEnd: 'yes' }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(
      await client.post('/api/billing/cancel', { reason: 'x'.repeat(101) }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('change plan', () => {
  it('previews the proration, then changes the plan and charges the difference', async () => {
    const client = await subscribe('upgrade@example.com', 'premium_monthly');
    const preview = await client.get('/api/billing/change-plan/preview?priceId=premium_yearly');
    expect(preview.statusCode).toBe(200);
    expect(preview.data.currency).toBe('usd');
    // Credit for the unused month (≈ -1900) and the yearly price (19000).
    expect(preview.data.amountDue).toBeGreaterThan(19000 - 1900 - 100);
    expect(preview.data.amountDue).toBeLessThanOrEqual(19000);
    expect(preview.data.lines.length).toBeGreaterThanOrEqual(2);
    expect(preview.data.lines.some((l: { amount: number }) => l.amount < 0)).toBe(true);
    expect(typeof preview.data.nextBillingAt).toBe('string');

    const changed = await client.post('/api/billing/change-plan', { priceId: 'premium_yearly' });
    expect(changed.statusCode).toBe(200);
    expect(changed.data).toMatchObject({ tier: 'premium', status: 'active' });
    await t.settle();
    const payments = (await client.get('/api/billing/payments')).data.payments;
    expect(payments.filter((p: { kind: string }) => p.kind === 'charge')).toHaveLength(2);
    expect(payments[0].amount).toBe(preview.data.amountDue);

    const down = await client.post('/api/billing/change-plan', { priceId: 'pro_yearly' });
    expect(down.data).toMatchObject({ tier: 'pro', isPro: true });
    expect(down.data.features).not.toContain('priority_support');
  });

  it('refuses the same price, a pass, an unknown price and a user without subscription', async () => {
    const client = await subscribe('same-price@example.com', 'pro_monthly');
    expectErrorShape(
      await client.post('/api/billing/change-plan', { priceId: 'pro_monthly' }),
      409,
      'SAME_PRICE',
    );
    expectErrorShape(
      await client.post('/api/billing/change-plan', { priceId: 'pro_pass_30d' }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(await client.get('/api/billing/change-plan/preview'), 400, 'VALIDATION_FAILED');
    const free = t.client();
    await free.register('free-change@example.com');
    expectErrorShape(
      await free.post('/api/billing/change-plan', { priceId: 'pro_monthly' }),
      409,
      'NO_SUBSCRIPTION',
    );
  });
});

describe('portal and invoices', () => {
  it('opens the customer portal with a return URL on this site only', async () => {
    const client = await subscribe('portal@example.com');
    const portal = await client.post('/api/billing/portal', { returnUrl: '/billing?from=portal' });
    expect(portal.statusCode).toBe(200);
    expect(portal.data.url).toMatch(/\/portal\/bps_/);
    const page = await fetch(portal.data.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('http://tollgate.test/billing?from=portal');

    for (const returnUrl of [
      'https://evil.example/',
      '//evil.example',
      'javascript:alert(1)',
      '/\\evil.example',
    ]) {
      expectErrorShape(await client.post('/api/billing/portal', { returnUrl }), 400, 'VALIDATION_FAILED');
    }
    const redirect = await client.get('/api/stripe/portal');
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toMatch(/\/portal\/bps_/);

    const free = t.client();
    await free.register('no-portal@example.com');
    expectErrorShape(await free.post('/api/billing/portal', {}), 409, 'NO_CUSTOMER');
  });

  it("lists the user's own invoices with links and pages through them; others' are invisible", async () => {
    const client = await subscribe('invoices@example.com');
    await client.post('/api/billing/change-plan', { priceId: 'premium_yearly' });
    await t.settle();
    const all = await client.get('/api/invoices');
    expect(all.statusCode).toBe(200);
    expect(all.data.invoices).toHaveLength(2);
    expect(all.data.hasMore).toBe(false);
    const [latest] = all.data.invoices;
    expect(latest).toMatchObject({ status: 'paid', currency: 'usd' });
    expect(latest.hostedInvoiceUrl).toMatch(/^http/);
    expect(latest.invoicePdf).toMatch(/^http/);

    const first = await client.get('/api/invoices?limit=1');
    expect(first.data).toMatchObject({ hasMore: true });
    const second = await client.get(`/api/invoices?limit=1&startingAfter=${first.data.invoices[0].id}`);
    expect(second.data.invoices[0].id).not.toBe(first.data.invoices[0].id);
    expect(second.data.hasMore).toBe(false);

    const other = t.client();
    await other.register('snoop@example.com');
    expect((await other.get('/api/invoices')).data.invoices).toEqual([]);
    expectErrorShape(await other.get(`/api/invoices?startingAfter=${latest.id}`), 404, 'NOT_FOUND');
    expectErrorShape(await other.get('/api/invoices?limit=0'), 400, 'VALIDATION_FAILED');
    expectErrorShape(await t.client().get('/api/invoices'), 401, 'UNAUTHENTICATED');
  });
});

describe('premium demo routes', () => {
  it('the AI generator is deterministic and keeps a history, for paying users only', async () => {
    const client = await subscribe('ai@example.com', 'pro_monthly');
    const first = await client.post('/api/ai/generate', { prompt: 'grow my newsletter' });
    const second = await client.post('/api/ai/generate', { prompt: 'grow my newsletter' });
    expect(first.statusCode).toBe(200);
    expect(first.data.output).toBe(second.data.output);
    expect((await client.get('/api/ai/history')).data.items).toHaveLength(2);
    expectErrorShape(await client.post('/api/ai/generate', { prompt: '' }), 400, 'VALIDATION_FAILED');

    const free = t.client();
    await free.register('free-ai@example.com');
    const refused = await free.post('/api/ai/generate', { prompt: 'x' });
    expectErrorShape(refused, 403, 'SUBSCRIPTION_INACTIVE');
    expect(refused.json.upgradeUrl).toBe('/pricing');
    expectErrorShape(await free.get('/api/ai/history'), 403, 'SUBSCRIPTION_INACTIVE');
  });
});

describe('the user object', () => {
  it('carries the real billing on profile and login (API.md: user.billing)', async () => {
    const client = await subscribe('profile-billing@example.com', 'premium_monthly');
    expect((await client.get('/api/profile')).data.user.billing).toMatchObject({
      tier: 'premium',
      status: 'active',
    });
    const again = t.client();
    expect(
      (
        await again.post('/api/login', {
          email: 'profile-billing@example.com',
          password: 'correct horse battery',
        })
      ).data.user.billing.tier,
    ).toBe('premium');
  });
});
