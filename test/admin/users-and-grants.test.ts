import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape, type TestClient } from '../support/test-app.ts';
import { startAdminApp, type AdminApp } from './admin-app.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('admin: users, grants, audit log', () => {
  let a: AdminApp;
  let alice: { client: TestClient; id: string };
  let bob: { client: TestClient; id: string };

  beforeAll(async () => {
    a = await startAdminApp();
    alice = await a.newCustomer('alice@example.com');
    bob = await a.newCustomer('bob.builder@example.org');
  });
  afterAll(() => a?.close());

  const auditEntry = async (action: string) =>
    (await a.admin.get('/api/admin/audit-log?pageSize=100')).data.entries.find(
      (e: { action: string }) => e.action === action,
    );

  it('answers 401 signed out and 403 to a non-admin on every route', async () => {
    const routes: ['GET' | 'POST' | 'PUT', string][] = [
      ['GET', '/api/admin/users'],
      ['GET', `/api/admin/users/${alice.id}`],
      ['GET', `/api/admin/users/${alice.id}/subscription`],
      ['PUT', `/api/admin/users/${alice.id}/subscription`],
      ['POST', `/api/admin/users/${alice.id}/subscription/cancel`],
      ['POST', `/api/admin/grants/${UNKNOWN}/extend`],
      ['POST', `/api/admin/grants/${UNKNOWN}/revoke`],
      ['GET', '/api/admin/payments'],
      ['POST', `/api/admin/payments/${UNKNOWN}/refund`],
      ['GET', '/api/admin/webhook-events'],
      ['GET', '/api/admin/webhook-events/evt_1'],
      ['POST', '/api/admin/webhook-events/evt_1/replay'],
      ['POST', '/api/admin/webhook-events/replay-failed'],
      ['GET', '/api/admin/emails'],
      ['POST', `/api/admin/emails/${UNKNOWN}/resend`],
      ['GET', '/api/admin/audit-log'],
      ['GET', '/api/admin/metrics'],
    ];
    const anonymous = a.t.client();
    for (const [method, url] of routes) {
      expectErrorShape(
        await anonymous.request(method, url, method === 'GET' ? undefined : {}),
        401,
        'UNAUTHENTICATED',
      );
      expectErrorShape(
        await alice.client.request(method, url, method === 'GET' ? undefined : {}),
        403,
        'FORBIDDEN',
      );
    }
  });

  it('lists and searches users by e-mail or name, paginated, with their billing', async () => {
    const all = await a.admin.get('/api/admin/users');
    expect(all.statusCode).toBe(200);
    expect(all.data.total).toBe(3);
    expect(all.data.users).toHaveLength(3);
    const found = await a.admin.get('/api/admin/users?q=BUILDER');
    expect(found.data.total).toBe(1);
    expect(found.data.users[0]).toMatchObject({
      id: bob.id,
      email: 'bob.builder@example.org',
      role: 'user',
      billing: { tier: 'free', isPro: false },
    });
    const byName = await a.admin.get('/api/admin/users?q=name%20of%20alice');
    expect(byName.data.users.map((u: { id: string }) => u.id)).toEqual([alice.id]);
    expect((await a.admin.get('/api/admin/users?q=%25')).data.total).toBe(0);
    const page2 = await a.admin.get('/api/admin/users?page=2&pageSize=2');
    expect(page2.data).toMatchObject({ total: 3 });
    expect(page2.data.users).toHaveLength(1);
    expectErrorShape(await a.admin.get('/api/admin/users?pageSize=101'), 400, 'VALIDATION_FAILED');
    expect((await a.admin.get('/api/admin/users?page=0')).json.details.page).toBeTruthy();
  });

  it('shows one user in detail, 404 for unknown ids', async () => {
    const detail = await a.admin.get(`/api/admin/users/${alice.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.data.user).toMatchObject({ id: alice.id, email: 'alice@example.com' });
    expect(detail.data).toMatchObject({ grants: [], invoices: [], payments: [] });
    expect(Array.isArray(detail.data.emails)).toBe(true);
    expectErrorShape(await a.admin.get(`/api/admin/users/${UNKNOWN}`), 404, 'NOT_FOUND');
    expectErrorShape(await a.admin.get('/api/admin/users/not-a-uuid'), 404, 'NOT_FOUND');
    expectErrorShape(await a.admin.get(`/api/admin/users/${UNKNOWN}/subscription`), 404, 'NOT_FOUND');
  });

  it('refuses malformed subscription bodies with per-field details', async () => {
    const url = `/api/admin/users/${alice.id}/subscription`;
    const bad = async (body: unknown, field: string) => {
      const response = await a.admin.request('PUT', url, body);
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.json.details[field], response.body).toBeTruthy();
    };
    await bad({ durationMonths: 1 }, 'tier');
    await bad({ tier: 'pro', durationMonths: 0 }, 'durationMonths');
    await bad({ tier: 'pro', durationMonths: 37 }, 'durationMonths');
    await bad({ tier: 'pro', durationMonths: 1.5 }, 'durationMonths');
    await bad({ tier: 'free', durationMonths: 1 }, 'tier');
    await bad({ tier: 'gold', durationMonths: 1 }, 'tier');
    await bad({ tier: 'pro', durationMonths: 1, isPaid: 'yes' }, 'isPaid');
    await bad({ tier: 'pro', durationMonths: 1, isPaid: true }, 'paymentMethodId');
    expectErrorShape(
      await a.admin.request('PUT', `/api/admin/users/${UNKNOWN}/subscription`, {
        tier: 'pro',
        durationMonths: 1,
      }),
      404,
      'NOT_FOUND',
    );
  });

  let grantId: string;

  it('grants a tier for some months: the user becomes Pro, with an audit entry', async () => {
    const before = await alice.client.get('/api/billing/status');
    expect(before.data.isPro).toBe(false);
    const response = await a.admin.request('PUT', `/api/admin/users/${alice.id}/subscription`, {
      tier: 'pro',
      durationMonths: 2,
      isPaid: false,
      comment: 'support goodwill',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({ status: 'active', message: expect.any(String) });
    grantId = response.data.subscriptionId;

    const billing = await alice.client.get('/api/billing/status');
    expect(billing.data).toMatchObject({ isPro: true, tier: 'pro', source: 'admin_grant' });
    const now = a.t.clock.now();
    const expected = new Date(now);
    expected.setUTCMonth(expected.getUTCMonth() + 2);
    expect(Math.abs(new Date(billing.data.accessUntil).getTime() - expected.getTime())).toBeLessThan(
      4 * 86_400_000,
    );

    const view = await a.admin.get(`/api/admin/users/${alice.id}/subscription`);
    expect(view.data).toMatchObject({ isPro: true, stripeCustomerId: null, stripeSubscriptionId: null });
    expect(view.data.history).toEqual([
      expect.objectContaining({
        kind: 'grant',
        id: grantId,
        planId: 'pro',
        source: 'admin_grant',
        comment: 'support goodwill',
      }),
    ]);
    expect((await a.admin.get(`/api/admin/users/${alice.id}`)).data.grants[0].id).toBe(grantId);

    expect(await auditEntry('grant.create')).toMatchObject({
      action: 'grant.create',
      actor: { id: a.adminId, email: 'ops@example.com' },
      target: `user:${alice.id}`,
      before: null,
      after: { id: grantId, planId: 'pro', status: 'active' },
      comment: 'support goodwill',
    });
  });

  it('extends and revokes a grant', async () => {
    const before = (await alice.client.get('/api/billing/status')).data.accessUntil;
    expectErrorShape(
      await a.admin.post(`/api/admin/grants/${grantId}/extend`, { days: 0 }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(await a.admin.post(`/api/admin/grants/${grantId}/extend`, {}), 400, 'VALIDATION_FAILED');
    expectErrorShape(
      await a.admin.post(`/api/admin/grants/${UNKNOWN}/extend`, { days: 3 }),
      404,
      'NOT_FOUND',
    );
    const extended = await a.admin.post(`/api/admin/grants/${grantId}/extend`, { days: 10 });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(new Date(extended.data.grant.endsAt).getTime() - new Date(before).getTime()).toBe(10 * 86_400_000);
    expect((await alice.client.get('/api/billing/status')).data.accessUntil).toBe(extended.data.grant.endsAt);

    const revoked = await a.admin.post(`/api/admin/grants/${grantId}/revoke`, {});
    expect(revoked.data.grant).toMatchObject({ id: grantId, status: 'revoked' });
    expect((await alice.client.get('/api/billing/status')).data.isPro).toBe(false);
    expectErrorShape(await a.admin.post(`/api/admin/grants/${grantId}/revoke`, {}), 409, 'CONFLICT');

    const actions = (await a.admin.get('/api/admin/audit-log')).data.entries.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['grant.extend', 'grant.revoke']));
    expect(await auditEntry('grant.revoke')).toMatchObject({
      target: `grant:${grantId}`,
      before: { status: 'active' },
      after: { status: 'revoked' },
    });
  });

  it('cancel revokes active admin grants; 409 when there is nothing to cancel', async () => {
    const granted = await a.admin.request('PUT', `/api/admin/users/${bob.id}/subscription`, {
      tier: 'premium',
      durationMonths: 1,
    });
    expect(granted.statusCode).toBe(200);
    expect((await bob.client.get('/api/billing/status')).data).toMatchObject({
      isPro: true,
      tier: 'premium',
    });
    expectErrorShape(
      await a.admin.post(`/api/admin/users/${bob.id}/subscription/cancel`, { immediately: 'now' }),
      400,
      'VALIDATION_FAILED',
    );
    const canceled = await a.admin.post(`/api/admin/users/${bob.id}/subscription/cancel`, {});
    expect(canceled.statusCode, canceled.body).toBe(200);
    expect(canceled.data.message).toMatch(/revoked/);
    expect((await bob.client.get('/api/billing/status')).data.isPro).toBe(false);
    expectErrorShape(
      await a.admin.post(`/api/admin/users/${bob.id}/subscription/cancel`, {}),
      409,
      'CONFLICT',
    );
    expect(await auditEntry('subscription.cancel')).toMatchObject({
      action: 'subscription.cancel',
      after: { revokedGrants: [granted.data.subscriptionId] },
    });
  });

  it('pages the audit log', async () => {
    const all = await a.admin.get('/api/admin/audit-log');
    expect(all.data.total).toBe(all.data.entries.length);
    expect(all.data.total).toBeGreaterThanOrEqual(5);
    const second = await a.admin.get('/api/admin/audit-log?page=2&pageSize=2');
    expect(second.data.entries).toHaveLength(2);
    expectErrorShape(await a.admin.get('/api/admin/audit-log?page=x'), 400, 'VALIDATION_FAILED');
  });
});
