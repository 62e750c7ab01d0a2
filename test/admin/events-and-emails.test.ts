import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, stripeEvents } from '../../src/platform/db/schema/index.ts';
import { expectErrorShape, type TestClient } from '../support/test-app.ts';
import { startAdminApp, type AdminApp } from './admin-app.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('admin: webhook events and e-mails', () => {
  let a: AdminApp;
  let erin: { client: TestClient; id: string };

  beforeAll(async () => {
    a = await startAdminApp();
    erin = await a.newCustomer('erin@example.com');
  });
  afterAll(() => a?.close());

  /** A stored event whose processing failed (as after a bug or an outage). */
  const failedEvent = async (id: string, type = 'product.created') => {
    const now = a.t.clock.now();
    await a.t.database.db.insert(stripeEvents).values({
      id,
      type,
      objectId: 'prod_x',
      stripeCreatedAt: now,
      payload: {
        id,
        object: 'event',
        type,
        created: Math.floor(now.getTime() / 1000),
        data: { object: { id: 'prod_x' } },
      },
      status: 'failed',
      attempts: 3,
      lastError: 'database went away',
      receivedAt: now,
    });
  };

  it('lists, filters and shows stored webhook events; replays a failed one', async () => {
    // Real events first: a customer and a subscription through the admin API.
    const paid = await a.admin.request('PUT', `/api/admin/users/${erin.id}/subscription`, {
      tier: 'pro',
      durationMonths: 1,
      isPaid: true,
      paymentMethodId: 'pm_card_visa',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    await a.t.settle();
    await failedEvent('evt_failed_once');

    const all = await a.admin.get('/api/admin/webhook-events?pageSize=100');
    expect(all.statusCode).toBe(200);
    expect(all.data.total).toBeGreaterThan(3);
    const pending = await a.admin.get('/api/admin/webhook-events?processed=false');
    expect(pending.data.total).toBe(1);
    expect(pending.data.events[0]).toMatchObject({
      id: 'evt_failed_once',
      type: 'product.created',
      status: 'failed',
      processed: false,
      attempts: 3,
      lastError: 'database went away',
      error: 'database went away',
      receivedAt: expect.any(String),
      payload: { id: 'evt_failed_once' },
    });
    const processed = await a.admin.get(
      '/api/admin/webhook-events?processed=true&type=customer.subscription.created',
    );
    expect(processed.data.total).toBeGreaterThanOrEqual(1);
    expect(
      processed.data.events.every(
        (e: { type: string; processed: boolean }) =>
          e.type === 'customer.subscription.created' && e.processed,
      ),
    ).toBe(true);
    expectErrorShape(
      await a.admin.get('/api/admin/webhook-events?processed=maybe'),
      400,
      'VALIDATION_FAILED',
    );

    const one = await a.admin.get('/api/admin/webhook-events/evt_failed_once');
    expect(one.data.event).toMatchObject({ id: 'evt_failed_once', status: 'failed' });
    expectErrorShape(await a.admin.get('/api/admin/webhook-events/evt_nope'), 404, 'NOT_FOUND');
    expectErrorShape(await a.admin.post('/api/admin/webhook-events/evt_nope/replay'), 404, 'NOT_FOUND');
    expectErrorShape(await a.admin.get('/api/admin/webhook-events/not-an-event'), 404, 'NOT_FOUND');

    const replay = await a.admin.post('/api/admin/webhook-events/evt_failed_once/replay');
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.data.status).toBe('queued');
    await a.t.settle();
    const after = await a.admin.get('/api/admin/webhook-events/evt_failed_once');
    expect(after.data.event).toMatchObject({
      status: 'ignored',
      processed: true,
      lastError: null,
      attempts: 4,
    });
    const audit = (await a.admin.get('/api/admin/audit-log')).data.entries;
    expect(audit.find((e: { action: string }) => e.action === 'webhook_event.replay')).toMatchObject({
      target: 'webhook_event:evt_failed_once',
      before: { status: 'failed', lastError: 'database went away' },
      after: { status: 'pending' },
    });
  });

  it('replays every failed event at once', async () => {
    await failedEvent('evt_failed_a');
    await failedEvent('evt_failed_b');
    const response = await a.admin.post('/api/admin/webhook-events/replay-failed', {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toEqual({ replayed: 2 });
    await a.t.settle();
    expect((await a.admin.get('/api/admin/webhook-events?processed=false')).data.total).toBe(0);
    expect((await a.admin.post('/api/admin/webhook-events/replay-failed', {})).data).toEqual({ replayed: 0 });
  });

  it('lists e-mails by user and kind, and resends one as a new outbox row', async () => {
    expect((await a.t.client().post('/api/password-reset', { email: 'erin@example.com' })).statusCode).toBe(
      202,
    );
    const mine = await a.admin.get(`/api/admin/emails?userId=${erin.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.data.total).toBe(mine.data.emails.length);
    expect(mine.data.emails.every((m: { to: string }) => m.to === 'erin@example.com')).toBe(true);
    const resets = await a.admin.get(`/api/admin/emails?userId=${erin.id}&kind=password_reset`);
    expect(resets.data.total).toBe(1);
    const original = resets.data.emails[0];
    expect(original).toMatchObject({
      kind: 'password_reset',
      subject: expect.any(String),
      createdAt: expect.any(String),
    });
    expectErrorShape(await a.admin.get('/api/admin/emails?userId=nope'), 400, 'VALIDATION_FAILED');
    expectErrorShape(await a.admin.post(`/api/admin/emails/${UNKNOWN}/resend`, {}), 404, 'NOT_FOUND');

    const resent = await a.admin.post(`/api/admin/emails/${original.id}/resend`, {});
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.data.email).toMatchObject({
      kind: 'password_reset',
      to: 'erin@example.com',
      subject: original.subject,
    });
    expect(resent.data.email.id).not.toBe(original.id);
    const [row] = await a.t.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.id, resent.data.email.id));
    expect(row!.dedupeKey).toMatch(new RegExp(`^resend:${original.id}:\\d+$`));
    expect((await a.admin.get(`/api/admin/emails?userId=${erin.id}&kind=password_reset`)).data.total).toBe(2);
    // The worker delivers it promptly.
    for (let i = 0; i < 100; i++) {
      const [sent] = await a.t.database.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.id, resent.data.email.id));
      if (sent!.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const delivered = (
      await a.admin.get(`/api/admin/emails?kind=password_reset&userId=${erin.id}`)
    ).data.emails.find((m: { id: string }) => m.id === resent.data.email.id);
    expect(delivered).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    const audit = (await a.admin.get('/api/admin/audit-log')).data.entries;
    expect(audit.find((e: { action: string }) => e.action === 'email.resend')).toMatchObject({
      target: `email:${original.id}`,
      after: { id: resent.data.email.id },
    });
  });
});
