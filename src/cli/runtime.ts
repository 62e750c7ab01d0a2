import type { EmulatorHandle } from 'stripe-emulator';
import { billingDepsOf, type BillingDeps } from '../billing/billing-deps.ts';
import { loadCatalog } from '../catalog/catalog.ts';
import type { Config } from '../config.ts';
import { startJobQueue, type JobQueue } from '../jobs/queue.ts';
import { systemClock } from '../platform/clock.ts';
import { DevClock } from '../platform/dev-clock.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import { createStripeAccess } from '../stripe/client.ts';
import { startEmbeddedEmulator } from '../stripe/embedded-emulator.ts';

export interface Runtime {
  config: Config;
  database: Database;
  billing: BillingDeps;
  queue: JobQueue;
  close(): Promise<void>;
}

/**
 * What a CLI command or a worker process needs: the database, Stripe and the queue. In embedded mode
 * the emulator's saved state is opened in this process (PGlite and the emulator state are
 * single-process: stop `npm start` first).
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config);
  if (config.embedded) await database.migrate();
  let emulator: EmulatorHandle | undefined;
  if (config.useEmbeddedEmulator && !config.stripeApiBase) {
    emulator = await startEmbeddedEmulator({ port: 0, dataDir: config.dataDir });
  }
  const stripe = createStripeAccess({
    secretKey: config.stripeSecretKey ?? 'sk_test_tollgate_emulator',
    apiBase: emulator?.url ?? config.stripeApiBase,
    webhookSecret: config.stripeWebhookSecret,
    emulator: config.useEmbeddedEmulator,
  });
  const queue = await startJobQueue(database, logger);
  const billing = billingDepsOf({
    db: database.db,
    stripe,
    catalog: loadCatalog(config.plansFile),
    // A worker in development shares the app's simulated instant (as stored when it starts).
    clock: config.devMode ? await DevClock.load(database.db) : systemClock,
    logger,
    config,
  });
  return {
    config,
    database,
    billing,
    queue,
    async close() {
      await queue.stop({ timeoutMs: 10_000 });
      await emulator?.close();
      await database.close();
    },
  };
}
