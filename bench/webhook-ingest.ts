/**
 * Webhook ingest on PostgreSQL: signed `customer.subscription.updated` events for 100 subscribers
 * posted with 50 connections (verify → store + enqueue → 200), then processed by one `tollgate
 * worker` process. Prints accepted/s and p99, processed/s, and the bare node:http rate measured in
 * the same run for scale.
 *
 *   node bench/webhook-ingest.ts [events]
 */
import { count, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { billingCustomers, stripeEvents, subscriptions, users } from '../src/platform/db/schema/index.ts';
import { startBenchApp, WEBHOOK_SECRET } from './support/app-server.ts';
import { load } from './support/load.ts';
import { freePort, spawnNode, startProcess, stopProcess } from './support/processes.ts';
import { report } from './support/report.ts';

const EVENTS = Number(process.argv[2] ?? 20_000);
const CUSTOMERS = 100;
const signer = new Stripe('sk_test_bench');

const app = await startBenchApp('tollgate_bench_webhooks');
try {
  const now = new Date();
  const base = Math.floor(now.getTime() / 1000);
  const seeded: { customer: string; subscription: string }[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const [user] = await app.database.db
      .insert(users)
      .values({ email: `hook${i}@example.com`, passwordHash: 'x', createdAt: now, updatedAt: now })
      .returning();
    const customer = `cus_bench${i}`;
    await app.database.db
      .insert(billingCustomers)
      .values({ userId: user!.id, stripeCustomerId: customer, createdAt: now });
    seeded.push({ customer, subscription: `sub_bench${i}` });
  }
  const subscriptionObject = (i: number) => ({
    id: seeded[i % CUSTOMERS]!.subscription,
    object: 'subscription',
    customer: seeded[i % CUSTOMERS]!.customer,
    status: i % 7 === 0 ? 'past_due' : 'active',
    currency: 'usd',
    created: base,
    start_date: base,
    cancel_at_period_end: i % 5 === 0,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    trial_start: null,
    trial_end: null,
    pause_collection: null,
    cancellation_details: null,
    items: {
      object: 'list',
      data: [
        {
          id: `si_bench${i % CUSTOMERS}`,
          quantity: 1,
          current_period_start: base,
          current_period_end: base + 30 * 86400,
          price: {
            id: 'price_bench',
            lookup_key: 'pro_monthly',
            unit_amount: 900,
            recurring: { interval: 'month' },
            metadata: {},
          },
        },
      ],
    },
    metadata: {},
  });

  let sequence = 0;
  const nextEvent = () => {
    const i = sequence++;
    const created = base + 1 + Math.floor(i / CUSTOMERS);
    const payload = JSON.stringify({
      id: `evt_bench_${i}`,
      object: 'event',
      type: 'customer.subscription.updated',
      created,
      api_version: '2026-10-28.endive',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: subscriptionObject(i) },
    });
    return {
      payload,
      signature: signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
    };
  };

  const barePort = await freePort();
  const bare = await startProcess(['bench/servers/bare-http.ts'], { PORT: String(barePort) }, /listening/);
  const baseline = await load({ url: `http://127.0.0.1:${barePort}/`, method: 'POST', duration: 5 });
  await stopProcess(bare);

  const accepted = await load({
    url: `${app.url}/api/stripe/webhook`,
    method: 'POST',
    amount: EVENTS,
    requests: [
      {
        setupRequest: (request) => {
          const { payload, signature } = nextEvent();
          return {
            ...request,
            body: payload,
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          };
        },
      },
    ],
  });
  if (accepted.non2xx > 0 || accepted.errors > 0)
    throw new Error(`${accepted.non2xx} non-2xx, ${accepted.errors} errors`);
  const stored = (await app.database.db.select({ n: count() }).from(stripeEvents))[0]!.n;
  if (stored !== EVENTS) throw new Error(`stored ${stored} of ${EVENTS}`);

  const started = performance.now();
  const worker = spawnNode(['bin/tollgate.js', 'worker'], app.env);
  let pending = EVENTS;
  while (pending > 0) {
    if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
    await new Promise((r) => setTimeout(r, 100));
    pending = (
      await app.database.db
        .select({ n: count() })
        .from(stripeEvents)
        .where(eq(stripeEvents.status, 'pending'))
    )[0]!.n;
  }
  const seconds = (performance.now() - started) / 1000;
  await stopProcess(worker.child);
  const processed = EVENTS / seconds;
  const mirrored = (await app.database.db.select({ n: count() }).from(subscriptions))[0]!.n;
  if (mirrored !== CUSTOMERS) throw new Error(`mirrored ${mirrored} subscriptions, expected ${CUSTOMERS}`);

  report([
    {
      name: `webhook ingest, ${EVENTS} signed events`,
      value: `${Math.round(accepted.requestsPerSecond)} accepted/s`,
      baseline: `bare node:http ${Math.round(baseline.requestsPerSecond)} req/s`,
      ratio: accepted.requestsPerSecond / baseline.requestsPerSecond,
      target: '≥ 2000/s',
      ok: accepted.requestsPerSecond >= 2000,
    },
    {
      name: 'webhook acknowledgement p99',
      value: `${accepted.p99Ms} ms`,
      target: '< 50 ms',
      ok: accepted.p99Ms < 50,
    },
    {
      name: 'webhook processing (1 worker process, includes its start)',
      value: `${Math.round(processed)} processed/s`,
      target: '≥ 1000/s',
      ok: processed >= 1000,
    },
  ]);
} finally {
  await app.stop();
}
