import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { registerWebhookEndpoint } from '../../src/stripe/register-webhook.ts';
import {
  scheduledJobsRunning,
  scheduledRuns,
  scheduleEveryMinute,
  SCHEDULED_QUEUES,
} from '../support/schedule-runs.ts';
import { SmtpCatcher } from '../support/smtp-catcher.ts';
import {
  accessDifferences,
  mailDifferences,
  mirrorDifferences,
  waitForQuiet,
} from '../support/stress-checks.ts';
import {
  freePort,
  sleep,
  startApiServer,
  startWorkerProcess,
  type TollgateProcess,
} from '../support/stress-processes.ts';
import { deliveryStats, eventsStoredVersusSent } from '../support/stress-run.ts';
import { BillingStory } from '../support/stress-story.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const CUSTOMERS = Number(process.env.STRESS_SCALE_CUSTOMERS ?? process.env.STRESS_CUSTOMERS ?? 500);
/** Whole minutes the every-minute schedules are watched for. */
const MINUTES = Number(process.env.STRESS_SCHEDULE_MINUTES ?? 3);

/**
 * Issue 8, scale-out: two `tollgate serve` and two `tollgate worker` processes on one PostgreSQL. The
 * emulator has one webhook endpoint per server, so every event reaches both (with the same chaos as the
 * chaos test). The result must be the same convergence, and each schedule must fire once per period.
 */
describe('two API servers and two workers on one PostgreSQL', () => {
  let database: TestDatabase;
  let emulator: EmulatorHandle;
  let smtp: SmtpCatcher;
  const servers: (TollgateProcess & { url: string })[] = [];
  const workers: TollgateProcess[] = [];
  const stripe = () =>
    createStripeAccess({ secretKey: 'sk_test_tollgate', apiBase: emulator.url, emulator: true });

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await SmtpCatcher.start();
    emulator = await startEmulator({ port: 0, retryDelaysMs: [500, 1000, 2000, 4000, 8000, 16000] });
    const shared = {
      databaseUrl: database.url!,
      stripeApiBase: emulator.url,
      webhookSecret: '',
      smtpPort: smtp.port,
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const endpoint = await registerWebhookEndpoint(
        stripe().client,
        `http://127.0.0.1:${port}/api/stripe/webhook`,
      );
      servers.push(await startApiServer({ ...shared, webhookSecret: endpoint.secret! }, port));
    }
    for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess(shared));
  });

  afterAll(async () => {
    for (const p of [...workers, ...servers]) await p.stop();
    await emulator?.close();
    await smtp?.down();
    await database?.close();
  });

  it('converges, and each schedule fires once per period', async () => {
    const started = Date.now();
    const schedules = await scheduleEveryMinute(database.db);
    const since = schedules.since;
    const story = new BillingStory({ stripe: stripe(), db: database.db, catalog: loadCatalog() });
    await story.syncCatalog();
    await fetch(`${emulator.url}/_emulator/chaos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 0.3, shuffle: true, failRate: 0.1, seed: 9 }),
    });
    await story.tell(
      CUSTOMERS,
      servers.map((s) => s.url),
    );
    const quiet = await waitForQuiet({ emulator, db: database.db });
    const converged = Date.now() - started;
    // Watch the schedules for MINUTES whole minutes after the first one that began after `since`.
    const firstWhole = Math.ceil(since.getTime() / 60_000) * 60_000;
    const lastWhole = firstWhole + MINUTES * 60_000;
    while (Date.now() < lastWhole) await sleep(1000);
    await schedules.restore();
    while ((await scheduledJobsRunning(database.db)) > 0) await sleep(1000);
    await sleep(2000);
    // The sweeps and reconciliations may have queued mail; let it go out before checking it.
    await waitForQuiet({ emulator, db: database.db });

    const events = await eventsStoredVersusSent(stripe().client, database.db);
    const deliveries = deliveryStats(emulator);
    const mirror = await mirrorDifferences(stripe().client, database.db);
    const access = await accessDifferences(stripe().client, story.catalog, story.customers);
    const mail = await mailDifferences(database.db, smtp);
    const runs = await scheduledRuns(database.db, since);
    const logged = Object.fromEntries(
      ['lifecycle sweep', 'housekeeping', 'stripe reconciled'].map((msg) => [
        msg,
        workers.map((w) => w.messages.get(msg) ?? 0),
      ]),
    );
    const webhooksPerServer = servers.map(
      (s) => emulator.deliveries().filter((d) => d.url.startsWith(s.url) && d.ok).length,
    );
    console.log(
      JSON.stringify({
        customers: CUSTOMERS,
        quietMs: quiet.ms,
        convergedMs: converged,
        events,
        deliveries,
        webhooksPerServer,
      }),
    );
    console.log(
      JSON.stringify({ tiers: access.tiers, mail: { total: mail.total, kinds: mail.kinds }, logged, runs }),
    );

    expect(events.missing).toEqual([]);
    expect(events.notDone).toBe(0);
    expect(webhooksPerServer.every((n) => n > 0)).toBe(true);
    expect(mirror).toEqual([]);
    expect(access.differences).toEqual([]);
    expect(mail.differences).toEqual([]);
    expect(mail.resent).toEqual([]);
    for (const queue of SCHEDULED_QUEUES) {
      const mine = runs.filter((r) => r.name === queue);
      // Never two jobs in one period, each ran to completion…
      expect(
        mine.filter((r) => r.jobs !== 1),
        queue,
      ).toEqual([]);
      expect(
        mine.flatMap((r) => r.states).every((s) => s === 'completed'),
        queue,
      ).toBe(true);
      // …and none missing in the whole minutes watched.
      for (let m = firstWhole; m < lastWhole; m += 60_000) {
        const minute = new Date(m).toISOString().slice(0, 16);
        expect(
          mine.some((r) => r.minute === minute),
          `${queue} at ${minute}`,
        ).toBe(true);
      }
    }
    // Each job ran once, in one of the two workers.
    const total = (msg: string) => logged[msg]!.reduce((a, b) => a + b, 0);
    expect(total('lifecycle sweep')).toBe(runs.filter((r) => r.name === SCHEDULED_QUEUES[0]).length);
    expect(total('housekeeping')).toBe(runs.filter((r) => r.name === SCHEDULED_QUEUES[1]).length);
    expect(total('stripe reconciled')).toBe(runs.filter((r) => r.name === SCHEDULED_QUEUES[2]).length);
  });
});
