import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingDeps } from '../../src/billing/billing-deps.ts';
import { devMailboxTransport } from '../../src/email/transport.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { billingCustomers, subscriptions, users } from '../../src/platform/db/schema/index.ts';
import { inSharedTransaction } from '../../src/webhooks/shared-transaction.ts';
import { eventStatus, startBillingApp, type BillingApp } from '../support/billing-app.ts';

// Workers start inside the tests, after the events are stored, so that one fetch takes them together.
let t: BillingApp;
beforeAll(async () => {
  t = await startBillingApp({ workers: false });
});
afterAll(() => t.close());

async function knownCustomer(email: string) {
  const now = new Date();
  const [user] = await t.database.db
    .insert(users)
    .values({ email, passwordHash: 'x', createdAt: now, updatedAt: now })
    .returning();
  const customer = `cus_${email.replace(/\W/g, '')}`;
  await t.database.db
    .insert(billingCustomers)
    .values({ userId: user!.id, stripeCustomerId: customer, createdAt: now });
  return { userId: user!.id, customer };
}

const subscriptionObject = (id: string, customer: string, created: number, items: object[]) => ({
  id,
  object: 'subscription',
  customer,
  status: 'active',
  currency: 'usd',
  created,
  start_date: created,
  cancel_at_period_end: false,
  cancel_at: null,
  canceled_at: null,
  ended_at: null,
  trial_start: null,
  trial_end: null,
  pause_collection: null,
  cancellation_details: null,
  items: { object: 'list', data: items },
  metadata: {},
});

const item = (created: number) => ({
  id: 'si_shared',
  quantity: 1,
  current_period_start: created,
  current_period_end: created + 30 * 86400,
  price: {
    id: 'price_shared',
    lookup_key: 'premium_monthly',
    unit_amount: 900,
    recurring: { interval: 'month' },
    metadata: {},
  },
});

async function deliver(id: string, type: string, created: number, object: object) {
  const payload = JSON.stringify({ id, object: 'event', type, created, data: { object } });
  const header = t.deps.stripe.client.webhooks.generateTestHeaderString({
    payload,
    secret: t.deps.stripe.webhookSecret!,
  });
  const response = await fetch(`${t.url}/api/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
  expect(response.status).toBe(200);
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}

describe('stripe events processed in shared transactions', () => {
  it('an event that fails is retried alone; the events that shared its transaction are applied', async () => {
    const { customer } = await knownCustomer('shared-failure@example.com');
    const created = Math.floor(Date.now() / 1000);
    // Stored first, taken first (same object, one chain, one transaction), and never applicable: no items.
    await deliver(
      'evt_shared_broken',
      'customer.subscription.updated',
      created + 20,
      subscriptionObject('sub_shared', customer, created, []),
    );
    await deliver(
      'evt_shared_good',
      'customer.subscription.created',
      created + 10,
      subscriptionObject('sub_shared', customer, created, [item(created)]),
    );
    await startWorkers(t.queue, t.billing, devMailboxTransport);
    await until(async () => (await eventStatus(t.database.db, 'evt_shared_good'))?.status === 'processed');
    await until(async () => (await eventStatus(t.database.db, 'evt_shared_broken'))?.status === 'failed');

    expect(await eventStatus(t.database.db, 'evt_shared_broken')).toMatchObject({
      lastError: 'subscription sub_shared has no items',
    });
    expect(await eventStatus(t.database.db, 'evt_shared_good')).toMatchObject({ attempts: 1 });
    const [row] = await t.database.db.select().from(subscriptions).where(eq(subscriptions.id, 'sub_shared'));
    expect(row).toMatchObject({ status: 'active', planId: 'premium', lastEventAt: created + 10 });
  });

  it('rolls back everything, nested transactions included, when the work throws', async () => {
    const deps = { ...t.billing };
    await expect(
      inSharedTransaction(deps, async (shared) => {
        await shared.db.transaction(async (tx) => {
          await tx.insert(users).values({
            email: 'rolled-back@example.com',
            passwordHash: 'x',
            createdAt: new Date(),
            updatedAt: new Date(),
          });
        });
        throw new Error('a later event failed');
      }),
    ).rejects.toThrow('a later event failed');
    const found = await t.database.db.select().from(users).where(eq(users.email, 'rolled-back@example.com'));
    expect(found).toHaveLength(0);
  });

  it('fails rather than commit silently when a handler swallowed a failed statement', async () => {
    const deps: BillingDeps = { ...t.billing };
    await expect(
      inSharedTransaction(deps, async (shared) => {
        await shared.db.insert(users).values({
          email: 'swallowed@example.com',
          passwordHash: 'x',
          createdAt: new Date(),
          updatedAt: new Date(),
        });
        await shared.db.execute(sql`select 1 / 0`).catch(() => undefined);
      }),
    ).rejects.toThrow();
    const found = await t.database.db.select().from(users).where(eq(users.email, 'swallowed@example.com'));
    expect(found).toHaveLength(0);
  });
});
