import { billingDepsOf, type BillingDeps } from '../billing/billing-deps.ts';
import { loadCatalog } from '../catalog/catalog.ts';
import type { Config } from '../config.ts';
import { startJobQueue, type JobQueue } from '../jobs/queue.ts';
import { systemClock } from '../platform/clock.ts';
import { DevClock } from '../platform/dev-clock.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import { loadWebhookEndpoint } from '../settings/stripe-webhook-endpoint.ts';
import { openStripe } from './open-stripe.ts';

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
  const { stripe, close: closeStripe } = await openStripe(
    config,
    config.stripeWebhookSecret ?? (await loadWebhookEndpoint(database.db))?.secret,
  );
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
      await closeStripe();
      await database.close();
    },
  };
}
