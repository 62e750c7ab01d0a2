import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { createApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/app-deps.ts';
import { billingDepsOf, type BillingDeps } from '../../src/billing/billing-deps.ts';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { syncPlans } from '../../src/catalog/sync-plans.ts';
import { loadConfig } from '../../src/config.ts';
import { devMailboxTransport } from '../../src/email/transport.ts';
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { stripeEvents } from '../../src/platform/db/schema/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { registerWebhookEndpoint } from '../../src/stripe/register-webhook.ts';
import { TestClient } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface BillingApp {
  app: FastifyInstance;
  url: string;
  emulator: EmulatorHandle;
  database: TestDatabase;
  deps: AppDeps;
  billing: BillingDeps;
  queue: JobQueue;
  clock: ManualClock;
  client(): TestClient;
  /** Waits until the emulator has delivered every webhook and the app has processed every stored event. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole system as it runs: the real app listening on a port, the Stripe emulator with its
 * webhooks pointed at the app, the job worker in-process, on PGlite or PostgreSQL.
 */
export async function startBillingApp(
  options: { env?: Record<string, string>; workers?: boolean; clock?: ManualClock } = {},
): Promise<BillingApp> {
  const emulator = await startEmulator({ port: 0, retryDelaysMs: [50, 100, 200, 400] });
  const database = await createTestDatabase();
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_URL: 'http://tollgate.test',
      STRIPE_SECRET_KEY: 'sk_test_tollgate',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      ...options.env,
    }),
    embedded: !process.env.DATABASE_URL,
  };
  // TEST_LOG_LEVEL=error shows the app's own errors while debugging a test.
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const clock = options.clock ?? new ManualClock(new Date());
  const stripe = createStripeAccess({ secretKey: 'sk_test_tollgate', apiBase: emulator.url, emulator: true });
  const queue = await startJobQueue(database, logger);
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    clock,
    mailer: devMailboxTransport,
    logger,
    stripe,
    catalog: loadCatalog(),
    queue,
  };
  const billing = billingDepsOf(deps);
  if (options.workers !== false) deps.workers = await startWorkers(queue, billing, deps.mailer);
  const app = await createApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  stripe.webhookSecret = (await registerWebhookEndpoint(stripe.client, `${url}/api/stripe/webhook`)).secret;
  await syncPlans({ db: database.db, stripe: stripe.client, now: () => clock.now() }, deps.catalog);

  const settle = async () => {
    for (let i = 0; i < 400; i++) {
      await emulator.webhooksIdle();
      const pending = await database.db
        .select({ id: stripeEvents.id })
        .from(stripeEvents)
        .where(inArray(stripeEvents.status, ['pending', 'failed']))
        .limit(1);
      if (pending.length === 0) return;
      deps.workers?.nudge();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('events did not settle');
  };
  return {
    app,
    url,
    emulator,
    database,
    deps,
    billing,
    queue,
    clock,
    client: () => new TestClient(app),
    settle,
    async close() {
      await app.close();
      await queue.stop({ timeoutMs: 2000 });
      await emulator.close();
      await database.close();
    },
  };
}

/** Pays on the emulator's hosted checkout page the way a person does: fills the form and submits. */
export async function payOnCheckoutPage(
  checkoutUrl: string,
  card = '4242424242424242',
  email = 'buyer@example.com',
): Promise<{ status: number; location: string | null; body: string }> {
  const response = await fetch(checkoutUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email,
      cardNumber: card,
      expiry: '12/34',
      cvc: '123',
      name: 'Test Buyer',
    }).toString(),
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

export const eventStatus = async (db: TestDatabase['db'], id: string) =>
  (await db.select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0];
