/**
 * Webhook ingest on PostgreSQL: signed `customer.subscription.updated` events for 100 subscribers
 * (verify → store + enqueue → 200), then processed by `tollgate worker` processes. Events are signed
 * before each run starts, as Stripe signs them on its own machines: the load generator shares this
 * machine's cores with the app and PostgreSQL, and signing there would be charged to the app.
 *
 * 1. Saturation: `events` deliveries over 50 connections, as fast as answered → accepted/s
 *    (responses ÷ seconds from first request to last response) and the p99 at that load.
 * 2. Paced: 10,000 deliveries at 2,000/s over 50 connections → acknowledgement p50/p99 at the target
 *    rate. autocannon's `overallRate` is a budget per second, sent as fast as answered until spent,
 *    so each second starts with a burst; latencies are corrected for coordinated omission.
 * 3. Processing: BENCH_WORKERS worker processes (default 1) drain the whole backlog → processed/s,
 *    once counted from their start and once from the first processed event (steady state).
 *
 *   node bench/webhook-ingest.ts [events]
 */
import type autocannon from 'autocannon';
import { count, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { billingCustomers, stripeEvents, subscriptions, users } from '../src/platform/db/schema/index.ts';
import { startBenchApp, WEBHOOK_SECRET } from './support/app-server.ts';
import { load } from './support/load.ts';
import { freePort, spawnNode, startProcess, stopProcess } from './support/processes.ts';
import { cpuSecondsOf } from './support/process-cpu.ts';
import { report } from './support/report.ts';

const EVENTS = Number(process.argv[2] ?? 20_000);
const PACED_EVENTS = 10_000;
const PACED_RATE = 2_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
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

  /**
   * Deliveries signed now, handed out in order to autocannon's connections. `span` times the run
   * from the first request sent to the last response: autocannon ends a run only on its next
   * one-second sample, so its own duration is rounded up to whole seconds.
   */
  const signedRequests = (n: number) => {
    const signed = Array.from({ length: n }, nextEvent);
    let next = 0;
    const span = { first: 0, last: 0, seconds: () => (span.last - span.first) / 1000 };
    const requests: autocannon.Request[] = [
      {
        setupRequest: (request) => {
          if (next === 0) span.first = performance.now();
          const { payload, signature } = signed[next++]!;
          return {
            ...request,
            body: payload,
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          };
        },
        onResponse: () => {
          span.last = performance.now();
        },
      },
    ];
    return { requests, span };
  };
  const webhookUrl = `${app.url}/api/stripe/webhook`;

  const barePort = await freePort();
  const bare = await startProcess(['bench/servers/bare-http.ts'], { PORT: String(barePort) }, /listening/);
  const baseline = await load({ url: `http://127.0.0.1:${barePort}/`, method: 'POST', duration: 5 });
  await stopProcess(bare);

  const saturating = signedRequests(EVENTS);
  const accepted = await load({
    url: webhookUrl,
    method: 'POST',
    amount: EVENTS,
    requests: saturating.requests,
  });
  const pacing = signedRequests(PACED_EVENTS);
  const paced = await load({
    url: webhookUrl,
    method: 'POST',
    amount: PACED_EVENTS,
    overallRate: PACED_RATE,
    requests: pacing.requests,
  });
  for (const run of [accepted, paced]) {
    if (run.non2xx > 0 || run.errors > 0) throw new Error(`${run.non2xx} non-2xx, ${run.errors} errors`);
  }
  const acceptedPerSecond = accepted.completed! / saturating.span.seconds();
  const stored = (await app.database.db.select({ n: count() }).from(stripeEvents))[0]!.n;
  const total = EVENTS + PACED_EVENTS;
  if (stored !== total) throw new Error(`stored ${stored} of ${total}`);

  const commits = async () => {
    // Backends report their counts when they go idle or exit; read a fresh snapshot.
    await app.database.pool!.query('select pg_stat_clear_snapshot()');
    const { rows } = await app.database.pool!.query<{ n: string }>(
      'select xact_commit as n from pg_stat_database where datname = current_database()',
    );
    return Number(rows[0]!.n);
  };
  await new Promise((r) => setTimeout(r, 1500));
  const commitsBefore = await commits();
  const started = performance.now();
  const workers = Array.from({ length: WORKERS }, () => spawnNode(['bin/tollgate.js', 'worker'], app.env));
  const pendingCount = async () =>
    (
      await app.database.db
        .select({ n: count() })
        .from(stripeEvents)
        .where(eq(stripeEvents.status, 'pending'))
    )[0]!.n;
  // The first poll that finds events processed marks the end of the workers' start.
  let firstSeen: { at: number; pending: number; cpu: number } | undefined;
  const workersCpu = () => workers.reduce((sum, worker) => sum + cpuSecondsOf(worker.child.pid!), 0);
  for (let pending = total; pending > 0;) {
    for (const worker of workers) {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
    pending = await pendingCount();
    if (!firstSeen && pending < total) firstSeen = { at: performance.now(), pending, cpu: workersCpu() };
  }
  const finished = performance.now();
  const cpuPerEvent = ((workersCpu() - firstSeen!.cpu) / firstSeen!.pending) * 1000;
  await Promise.all(workers.map((worker) => stopProcess(worker.child)));
  await new Promise((r) => setTimeout(r, 1500));
  // Every transaction in the database during processing (the bench's own polls included), per event.
  const commitsPerEvent = ((await commits()) - commitsBefore) / total;
  const processed = total / ((finished - started) / 1000);
  const steady = firstSeen!.pending / ((finished - firstSeen!.at) / 1000);
  const mirrored = (await app.database.db.select({ n: count() }).from(subscriptions))[0]!.n;
  if (mirrored !== CUSTOMERS) throw new Error(`mirrored ${mirrored} subscriptions, expected ${CUSTOMERS}`);
  // Convergence: every subscription holds its newest event, however the workers interleaved them.
  const rows = await app.database.db
    .select({ id: subscriptions.id, lastEventAt: subscriptions.lastEventAt })
    .from(subscriptions);
  const behind = rows.filter(({ id, lastEventAt }) => {
    const customer = Number(id.replace('sub_bench', ''));
    const last = total - 1 - ((total - 1 - customer) % CUSTOMERS);
    return lastEventAt !== base + 1 + Math.floor(last / CUSTOMERS);
  }).length;
  if (behind > 0) throw new Error(`${behind} subscriptions do not hold their newest event`);

  const workerLabel = `${WORKERS} worker process${WORKERS === 1 ? '' : 'es'}`;
  report([
    {
      name: `webhook ingest, ${EVENTS} signed events, 50 connections`,
      value: `${Math.round(acceptedPerSecond)} accepted/s (p50 ${accepted.p50Ms} ms, p99 ${accepted.p99Ms} ms)`,
      baseline: `bare node:http ${Math.round(baseline.requestsPerSecond)} req/s`,
      ratio: acceptedPerSecond / baseline.requestsPerSecond,
      target: '≥ 2000/s',
      ok: acceptedPerSecond >= 2000,
    },
    {
      name: `webhook acknowledgement p99, ${PACED_EVENTS} events at ${PACED_RATE}/s (all answered in ${pacing.span.seconds().toFixed(1)} s)`,
      value: `${paced.p99Ms} ms (p50 ${paced.p50Ms} ms)`,
      target: '< 50 ms',
      ok: paced.p99Ms < 50,
    },
    {
      name: `webhook processing, ${total} events, ${workerLabel}, from the first processed event`,
      value:
        `${Math.round(steady)} processed/s (${Math.round(processed)}/s counting the start; ` +
        `worker CPU ${cpuPerEvent.toFixed(2)} ms/event, ${commitsPerEvent.toFixed(2)} commits/event)`,
      target: '≥ 1000/s',
      ok: steady >= 1000,
    },
  ]);
} finally {
  await app.stop();
}
