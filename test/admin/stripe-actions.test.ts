import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payOnCheckoutPage } from '../support/billing-app.ts';
import { expectErrorShape, type TestClient } from '../support/test-app.ts';
import { startAdminApp, type AdminApp } from './admin-app.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('admin: paid subscriptions, cancel, refunds', () => {
  let a: AdminApp;
  let carol: { client: TestClient; id: string };

  beforeAll(async () => {
    a = await startAdminApp();
    carol = await a.newCustomer('carol@example.com');
  });
  afterAll(() => a?.close());

  const payments = async (userId: string) =>
    (await a.admin.get(`/api/admin/payments?userId=${userId}`)).data.payments as {
      id: string;
      kind: string;
      amount: number;
    }[];

  let subscriptionId: string;

  it('starts a paid Stripe subscription with pm_card_visa: the user is Pro', async () => {
    const response = await a.admin.request('PUT', `/api/admin/users/${carol.id}/subscription`, {
      tier: 'pro',
      durationMonths: 1,
      isPaid: true,
      paymentMethodId: 'pm_card_visa',
      comment: 'sales deal',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({ status: 'active', subscriptionId: expect.stringMatching(/^sub_/) });
    subscriptionId = response.data.subscriptionId;

    const stripeSub = await a.t.deps.stripe.client.subscriptions.retrieve(subscriptionId);
    expect(stripeSub.status).toBe('active');
    expect(stripeSub.cancel_at_period_end).toBe(false);
    expect(stripeSub.items.data[0]!.price.unit_amount).toBe(900);

    // Applied at once through the sync path, before any webhook.
    expect((await carol.client.get('/api/billing/status')).data).toMatchObject({
      isPro: true,
      tier: 'pro',
      source: 'subscription',
      status: 'active',
    });
    await a.t.settle();
    const view = await a.admin.get(`/api/admin/users/${carol.id}/subscription`);
    expect(view.data).toMatchObject({
      stripeSubscriptionId: subscriptionId,
      stripeCustomerId: expect.stringMatching(/^cus_/),
    });
    expect(
      view.data.history.some(
        (h: { kind: string; id: string }) => h.kind === 'subscription' && h.id === subscriptionId,
      ),
    ).toBe(true);
    const charges = (await payments(carol.id)).filter((p) => p.kind === 'charge');
    expect(charges).toHaveLength(1);
    expect(charges[0]!.amount).toBe(900);

    const audit = (await a.admin.get('/api/admin/audit-log')).data.entries;
    expect(audit.find((e: { action: string }) => e.action === 'subscription.create')).toMatchObject({
      target: `user:${carol.id}`,
      after: { subscriptionId, status: 'active', priceId: 'pro_monthly' },
      comment: 'sales deal',
    });

    // A second live subscription is refused.
    expectErrorShape(
      await a.admin.request('PUT', `/api/admin/users/${carol.id}/subscription`, {
        tier: 'premium',
        durationMonths: 1,
        isPaid: true,
        paymentMethodId: 'pm_card_visa',
      }),
      409,
      'ALREADY_SUBSCRIBED',
    );
  });

  it('a declined card creates nothing and answers 402', async () => {
    const dan = await a.newCustomer('declined@example.com');
    const response = await a.admin.request('PUT', `/api/admin/users/${dan.id}/subscription`, {
      tier: 'pro',
      durationMonths: 1,
      isPaid: true,
      paymentMethodId: 'pm_card_visa_chargeDeclined',
    });
    expectErrorShape(response, 402, 'PAYMENT_DECLINED');
    expect((await dan.client.get('/api/billing/status')).data.isPro).toBe(false);
    const view = await a.admin.get(`/api/admin/users/${dan.id}/subscription`);
    expect(view.data.stripeSubscriptionId).toBeNull();
  });

  it('refunds part, then the rest, of an invoice payment; the log shows both refunds', async () => {
    const [charge] = (await payments(carol.id)).filter((p) => p.kind === 'charge');
    expectErrorShape(await a.admin.post(`/api/admin/payments/${UNKNOWN}/refund`, {}), 404, 'NOT_FOUND');
    expectErrorShape(
      await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, { amount: -5 }),
      400,
      'VALIDATION_FAILED',
    );
    const tooMuch = await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, { amount: 901 });
    expectErrorShape(tooMuch, 400, 'VALIDATION_FAILED');
    expect(tooMuch.json.details.amount).toMatch(/900/);

    const partial = await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, { amount: 300 });
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.data).toMatchObject({ status: 'succeeded', refundId: expect.stringMatching(/^re_/) });
    await a.t.settle();
    expect((await payments(carol.id)).filter((p) => p.kind === 'refund').map((p) => p.amount)).toEqual([300]);

    const overRest = await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, { amount: 601 });
    expectErrorShape(overRest, 400, 'VALIDATION_FAILED');
    const rest = await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, {});
    expect(rest.statusCode, rest.body).toBe(200);
    await a.t.settle();
    const refunds = (await payments(carol.id)).filter((p) => p.kind === 'refund').map((p) => p.amount);
    expect(refunds.sort()).toEqual([300, 600]);
    expectErrorShape(await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, {}), 409, 'CONFLICT');
    const [refundRow] = (await payments(carol.id)).filter((p) => p.kind === 'refund');
    expectErrorShape(await a.admin.post(`/api/admin/payments/${refundRow!.id}/refund`, {}), 409, 'CONFLICT');

    const filtered = await a.admin.get('/api/admin/payments?status=refund');
    expect(filtered.data.total).toBe(2);
    expect(
      filtered.data.payments.every(
        (p: { kind: string; userId: string }) => p.kind === 'refund' && p.userId === carol.id,
      ),
    ).toBe(true);
    expectErrorShape(await a.admin.get('/api/admin/payments?status=paid'), 400, 'VALIDATION_FAILED');
    const audit = (await a.admin.get('/api/admin/audit-log')).data.entries.filter(
      (e: { action: string }) => e.action === 'payment.refund',
    );
    expect(audit).toHaveLength(2);
  });

  it('cancels the Stripe subscription at the period end, then immediately', async () => {
    const atEnd = await a.admin.post(`/api/admin/users/${carol.id}/subscription/cancel`, {});
    expect(atEnd.statusCode, atEnd.body).toBe(200);
    expect((await a.t.deps.stripe.client.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(
      true,
    );
    expect((await carol.client.get('/api/billing/status')).data).toMatchObject({
      isPro: true,
      cancelAtPeriodEnd: true,
    });
    const now = await a.admin.post(`/api/admin/users/${carol.id}/subscription/cancel`, { immediately: true });
    expect(now.statusCode, now.body).toBe(200);
    expect((await a.t.deps.stripe.client.subscriptions.retrieve(subscriptionId)).status).toBe('canceled');
    await a.t.settle();
    expect((await carol.client.get('/api/billing/status')).data.isPro).toBe(false);
    expectErrorShape(
      await a.admin.post(`/api/admin/users/${carol.id}/subscription/cancel`, {}),
      409,
      'CONFLICT',
    );
    const cancels = (await a.admin.get('/api/admin/audit-log')).data.entries.filter(
      (e: { action: string }) => e.action === 'subscription.cancel',
    );
    expect(cancels).toHaveLength(2);
  });

  it('refunds a pass bought through Checkout (its payment intent)', async () => {
    const dave = await a.newCustomer('dave@example.com');
    const start = await dave.client.post('/api/billing/checkout', { priceId: 'pro_pass_30d' });
    expect(start.statusCode, start.body).toBe(200);
    expect(
      (await payOnCheckoutPage(start.data.checkoutUrl, '4242424242424242', 'dave@example.com')).status,
    ).toBe(303);
    await dave.client.get(`/api/billing/checkout/${start.data.sessionId}`);
    await a.t.settle();
    const [charge] = (await payments(dave.id)).filter((p) => p.kind === 'charge');
    expect(charge!.amount).toBe(1200);
    const refund = await a.admin.post(`/api/admin/payments/${charge!.id}/refund`, {});
    expect(refund.statusCode, refund.body).toBe(200);
    await a.t.settle();
    expect((await payments(dave.id)).filter((p) => p.kind === 'refund').map((p) => p.amount)).toEqual([1200]);
  });
});
