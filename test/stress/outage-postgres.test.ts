import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { openPostgres, type Database } from '../../src/platform/db/database.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { PrivatePostgres } from '../support/private-postgres.ts';
import { SmtpCatcher } from '../support/smtp-catcher.ts';
import {
  accessDifferences,
  mailDifferences,
  mirrorDifferences,
  waitForQuiet,
} from '../support/stress-checks.ts';
import { sleep, startServerWithWorker, type TollgateProcess } from '../support/stress-processes.ts';
import { deliveryStats, eventsStoredVersusSent } from '../support/stress-run.ts';
import { BillingStory } from '../support/stress-story.ts';

const CUSTOMERS = Number(process.env.STRESS_PG_CUSTOMERS ?? 100);
const OUTAGE_MS = Number(process.env.STRESS_PG_OUTAGE_SECONDS ?? 30) * 1000;
const DAY = 24 * 3600 * 1000;

/**
 * Issue 8, PostgreSQL outage: the database (a private cluster, never the shared server) is stopped
 * for 30 s while the emulator delivers a burst of renewal webhooks. The webhook route must answer 5xx
 * meanwhile (so Stripe retries), and after the restart every event is stored and processed.
 */
describe('PostgreSQL stopped under webhook load', () => {
  let cluster: PrivatePostgres;
  let database: Database;
  let emulator: EmulatorHandle;
  let smtp: SmtpCatcher;
  let server: TollgateProcess & { url: string };
  let worker: TollgateProcess;
  const stripe = () =>
    createStripeAccess({ secretKey: 'sk_test_tollgate', apiBase: emulator.url, emulator: true });

  beforeAll(async () => {
    cluster = await PrivatePostgres.create();
    const url = await cluster.createDatabase('tollgate_outage');
    database = await openPostgres(url, { max: 4 });
    smtp = await SmtpCatcher.start();
    // Retries span two minutes, as Stripe's span days: longer than the outage.
    emulator = await startEmulator({ port: 0, retryDelaysMs: [1000, 2000, 4000, 8000, 16000, 32000, 60000] });
    ({ server, worker } = await startServerWithWorker(
      { databaseUrl: url, stripeApiBase: emulator.url, smtpPort: smtp.port },
      stripe().client,
    ));
  });

  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    await emulator?.close();
    await smtp?.down();
    await database?.close().catch(() => {});
    await cluster?.destroy();
  });

  it('answers 5xx during the outage and processes everything after it', async () => {
    const story = new BillingStory({ stripe: stripe(), db: database.db, catalog: loadCatalog() });
    await story.syncCatalog();
    await story.subscribeCustomers(CUSTOMERS, [server.url]);
    await story.advanceTo(new Date(story.t0.getTime() + 10 * DAY));
    await story.midMonthChanges();
    await waitForQuiet({ emulator, db: database.db });
    const before = emulator.deliveries().length;

    // The month's renewals (a burst of events) while the database goes away.
    const renewals = story.advanceTo(new Date(story.t0.getTime() + 32 * DAY));
    await sleep(200);
    const stoppedAt = Date.now();
    await cluster.stop();
    await renewals;
    await story.fixSomeCards();
    await story.advanceTo(new Date(story.t0.getTime() + 40 * DAY));
    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));
    const restartedAt = Date.now();
    await cluster.start();
    const quiet = await waitForQuiet({ emulator, db: database.db });

    const during = emulator
      .deliveries()
      .slice(before)
      .filter((d) => d.delivered_at * 1000 >= stoppedAt + 1000 && d.delivered_at * 1000 < restartedAt - 1000);
    const answers: Record<string, number> = {};
    for (const d of during)
      answers[String(d.status ?? d.error)] = (answers[String(d.status ?? d.error)] ?? 0) + 1;
    const events = await eventsStoredVersusSent(stripe().client, database.db);
    const mirror = await mirrorDifferences(stripe().client, database.db);
    const access = await accessDifferences(stripe().client, story.catalog, story.customers);
    const mail = await mailDifferences(database.db, smtp);
    console.log(
      JSON.stringify({
        customers: CUSTOMERS,
        outageMs: restartedAt - stoppedAt,
        duringOutage: answers,
        recoveredMs: quiet.ms,
        events,
        deliveries: deliveryStats(emulator),
        mail: mail.kinds,
      }),
    );

    expect(restartedAt - stoppedAt).toBeGreaterThanOrEqual(OUTAGE_MS);
    // Every delivery that reached the server during the outage was refused with a 5xx, none accepted.
    const reached = during.filter((d) => d.status !== null);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((d) => d.status! < 500)).toEqual([]);
    expect(events.missing).toEqual([]);
    expect(events.notDone).toBe(0);
    expect(mirror).toEqual([]);
    expect(access.differences).toEqual([]);
    expect(mail.differences).toEqual([]);
    expect(mail.resent).toEqual([]);
  });
});
