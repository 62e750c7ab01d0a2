import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { syncPlans } from '../../src/catalog/sync-plans.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { payOnCheckoutPage } from '../support/billing-app.ts';
import { HttpClient } from '../support/http-client.ts';
import { SmtpCatcher } from '../support/smtp-catcher.ts';
import { mailDifferences, waitForQuiet } from '../support/stress-checks.ts';
import { sleep, startServerWithWorker, type TollgateProcess } from '../support/stress-processes.ts';
import { inParallel } from '../support/stress-story.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const USERS = Number(process.env.STRESS_STRIPE_USERS ?? 20);
const OUTAGE_MS = Number(process.env.STRESS_STRIPE_OUTAGE_SECONDS ?? 60) * 1000;

const setChaos = (emulator: EmulatorHandle, settings: object) =>
  fetch(`${emulator.url}/_emulator/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });

/**
 * Issue 8, Stripe outage: every Stripe API call fails (emulator chaos, 100%) for 60 s while users keep
 * pressing "subscribe". Each attempt answers 503 PAYMENT_PROVIDER_UNAVAILABLE; after recovery each
 * user ends with exactly one Stripe customer and one subscription.
 */
describe('Stripe failing for a minute', () => {
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
    await syncPlans({ db: database.db, stripe: stripe().client, now: () => new Date() }, loadCatalog());
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

  it('answers 503 meanwhile and leaves no duplicate customers or subscriptions', async () => {
    const users = await inParallel(
      Array.from({ length: USERS }, (_, i) => i),
      4,
      async (i) => {
        const client = new HttpClient(server.url);
        const email = `outage-${i}@example.com`;
        return { client, email, id: await client.register(email) };
      },
    );

    expect((await setChaos(emulator, { apiErrorRate: 1 })).status).toBe(200);
    const outageEnds = Date.now() + OUTAGE_MS;
    const answers: Record<string, number> = {};
    await Promise.all(
      users.map(async (user, i) => {
        await sleep((i * 3000) / USERS);
        while (Date.now() < outageEnds - 5000) {
          const answer = await user.client.post('/api/billing/checkout', { priceId: 'pro_monthly' });
          const key = `${answer.status} ${answer.json.code}`;
          answers[key] = (answers[key] ?? 0) + 1;
          await sleep(3000);
        }
      }),
    );
    await sleep(Math.max(0, outageEnds - Date.now()));
    expect((await setChaos(emulator, { apiErrorRate: 0 })).status).toBe(200);

    // Recovered: each user presses twice at once (a double click), then pays.
    await inParallel(users, 4, async (user) => {
      const [a, b] = await Promise.all([
        user.client.post('/api/billing/checkout', { priceId: 'pro_monthly' }),
        user.client.post('/api/billing/checkout', { priceId: 'pro_monthly' }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const paid = await payOnCheckoutPage(b.data.checkoutUrl, '4242424242424242', user.email);
      expect(paid.status).toBe(303);
    });
    await waitForQuiet({ emulator, db: database.db });

    const client = stripe().client;
    const perUser = await inParallel(users, 4, async (user) => {
      const customers = (await client.customers.list({ email: user.email, limit: 100 })).data;
      const subscriptions = (
        await Promise.all(
          customers.map((c) => client.subscriptions.list({ customer: c.id, status: 'all', limit: 100 })),
        )
      ).flatMap((l) => l.data);
      const billing = (await user.client.get('/api/billing/status')).data;
      return { customers: customers.length, subscriptions: subscriptions.length, tier: billing?.tier };
    });
    const mail = await mailDifferences(database.db, smtp);
    console.log(
      JSON.stringify({ users: USERS, outageMs: OUTAGE_MS, duringOutage: answers, mail: mail.kinds }),
    );

    expect(Object.keys(answers)).toEqual(['503 PAYMENT_PROVIDER_UNAVAILABLE']);
    expect(answers['503 PAYMENT_PROVIDER_UNAVAILABLE']).toBeGreaterThanOrEqual(USERS);
    expect(perUser).toEqual(users.map(() => ({ customers: 1, subscriptions: 1, tier: 'pro' })));
    expect(mail.differences).toEqual([]);
    expect(mail.resent).toEqual([]);
  });
});
