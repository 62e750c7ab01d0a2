import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { SmtpCatcher } from '../support/smtp-catcher.ts';
import {
  accessDifferences,
  mailDifferences,
  mirrorDifferences,
  waitForQuiet,
} from '../support/stress-checks.ts';
import { startServerWithWorker, type TollgateProcess } from '../support/stress-processes.ts';
import { deliveryStats, eventsStoredVersusSent, killWorkerMidWork } from '../support/stress-run.ts';
import { BillingStory } from '../support/stress-story.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const CUSTOMERS = Number(process.env.STRESS_CUSTOMERS ?? 500);

/**
 * Issue 8, webhook chaos: seventy days of billing for 500 customers told through the emulator
 * (about ten events each), delivered with 30% duplicates, in shuffled order, 10% of deliveries failing
 * first, while `tollgate worker` is SIGKILLed twice. The mirror, every access decision and the mail
 * must come out as if nothing had happened.
 */
describe('webhook chaos against real processes', () => {
  let database: TestDatabase;
  let emulator: EmulatorHandle;
  let smtp: SmtpCatcher;
  let server: TollgateProcess & { url: string };
  let worker: TollgateProcess;
  const stripe = () =>
    createStripeAccess({ secretKey: 'sk_test_tollgate', apiBase: emulator.url, emulator: true });

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await SmtpCatcher.start();
    emulator = await startEmulator({ port: 0, retryDelaysMs: [500, 1000, 2000, 4000, 8000, 16000] });
    ({ server, worker } = await startServerWithWorker(
      { databaseUrl: database.url!, stripeApiBase: emulator.url, smtpPort: smtp.port },
      stripe().client,
    ));
  });

  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    await emulator?.close();
    await smtp?.down();
    await database?.close();
  });

  it('converges: mirror, access and mail', async () => {
    const started = Date.now();
    const story = new BillingStory({ stripe: stripe(), db: database.db, catalog: loadCatalog() });
    await story.syncCatalog();
    const chaos = await fetch(`${emulator.url}/_emulator/chaos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ duplicateRate: 0.3, shuffle: true, failRate: 0.1, seed: 8 }),
    });
    expect(chaos.status).toBe(200);

    const kills: unknown[] = [];
    const phases: Record<string, number> = {};
    let killing: Promise<void> = Promise.resolve();
    await story.tell(CUSTOMERS, [server.url], (phase) => {
      phases[phase] = Date.now() - started;
      if (phase === 'subscribed' || phase === 'changed again') {
        killing = killing.then(async () => {
          kills.push(await killWorkerMidWork(database.db, worker, Math.ceil(CUSTOMERS / 2)));
        });
      }
    });
    await killing;
    const quiet = await waitForQuiet({ emulator, db: database.db });
    const converged = Date.now() - started;

    const events = await eventsStoredVersusSent(stripe().client, database.db);
    const deliveries = deliveryStats(emulator);
    const mirror = await mirrorDifferences(stripe().client, database.db);
    const access = await accessDifferences(stripe().client, story.catalog, story.customers);
    const mail = await mailDifferences(database.db, smtp);
    console.log(
      JSON.stringify(
        {
          customers: CUSTOMERS,
          phases,
          kills,
          quietMs: quiet.ms,
          convergedMs: converged,
          events,
          deliveries,
        },
        null,
        1,
      ),
    );
    console.log(
      JSON.stringify({
        tiers: access.tiers,
        mail: { total: mail.total, kinds: mail.kinds, resent: mail.resent },
      }),
    );

    expect(kills).toHaveLength(2);
    expect(events.missing).toEqual([]);
    expect(events.notDone).toBe(0);
    expect(events.sent).toBeGreaterThanOrEqual(CUSTOMERS * 10);
    expect(deliveries.duplicates).toBeGreaterThan(0);
    expect(deliveries.chaosFailures).toBeGreaterThan(0);
    expect(mirror).toEqual([]);
    expect(access.differences).toEqual([]);
    expect(mail.differences).toEqual([]);
    // At most the one mail in flight per SIGKILL went out again (see mailDifferences).
    expect(mail.resent.length).toBeLessThanOrEqual(kills.length);
    // Every user got a welcome; the story makes receipts, failures and cancellations too.
    expect(mail.kinds.welcome).toBe(CUSTOMERS);
  });
});
