import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { ConfigError, type Config } from './config.ts';
import { ensureDemoAdmin } from './accounts/ensure-demo-admin.ts';
import { billingDepsOf } from './billing/billing-deps.ts';
import { loadCatalog } from './catalog/catalog.ts';
import { syncPlans } from './catalog/sync-plans.ts';
import { createMailer } from './email/transport.ts';
import { startJobQueue } from './jobs/queue.ts';
import { startWorkers } from './jobs/workers.ts';
import { systemClock } from './platform/clock.ts';
import { DevClock } from './platform/dev-clock.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { createLogger } from './platform/logger.ts';
import { createStripeAccess } from './stripe/client.ts';
import { startEmbeddedEmulator } from './stripe/embedded-emulator.ts';
import { registerWebhookEndpoint } from './stripe/register-webhook.ts';
import { loadWebhookEndpoint } from './settings/stripe-webhook-endpoint.ts';

/**
 * The secret `tollgate webhooks register` stored. Outside production a database not migrated yet
 * has none (the webhook route then answers that it is not configured); production must have one.
 */
async function storedWebhookSecret(config: Config, database: Database): Promise<string | undefined> {
  if (!config.isProduction) return (await loadWebhookEndpoint(database.db).catch(() => undefined))?.secret;
  await database.ping();
  const secret = (await loadWebhookEndpoint(database.db))?.secret;
  if (!secret)
    throw new ConfigError(
      'Invalid configuration:\n  STRIPE_WEBHOOK_SECRET: required when NODE_ENV=production, unless `tollgate webhooks register` stored one',
    );
  return secret;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the dependencies, builds the app and listens. Embedded mode also migrates, runs the Stripe
 * emulator and the workers in-process, points the emulator's webhooks at the app and syncs the plans.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const catalog = loadCatalog(config.plansFile);
  const database = await openDatabase(config);
  if (config.embedded) await database.migrate();
  const emulator = config.useEmbeddedEmulator
    ? await startEmbeddedEmulator({ port: config.stripeEmulatorPort, dataDir: config.dataDir })
    : undefined;
  const stripe = createStripeAccess({
    secretKey: config.stripeSecretKey ?? 'sk_test_tollgate_emulator',
    apiBase: emulator?.url ?? config.stripeApiBase,
    // STRIPE_WEBHOOK_SECRET wins; else the secret `tollgate webhooks register` stored.
    webhookSecret:
      config.stripeWebhookSecret ?? (emulator ? undefined : await storedWebhookSecret(config, database)),
    emulator: Boolean(emulator),
  });
  const queue = await startJobQueue(database, logger);
  const redis = config.redisUrl ? new Redis(config.redisUrl) : undefined;
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    clock: config.devMode ? await DevClock.load(database.db) : systemClock,
    mailer: createMailer(config),
    logger,
    stripe,
    catalog,
    queue,
    redis,
  };
  if (config.workerInProcess) deps.workers = await startWorkers(queue, billingDepsOf(deps), deps.mailer);
  const app = await createApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.appUrl.replace(`:${config.port}`, `:${port}`);

  if (emulator) {
    const endpoint = await registerWebhookEndpoint(
      stripe.client,
      `http://127.0.0.1:${port}/api/stripe/webhook`,
    );
    stripe.webhookSecret = endpoint.secret;
    await syncPlans({ db: database.db, stripe: stripe.client, now: () => deps.clock.now() }, catalog);
  }
  if (config.embedded) {
    const admin = await ensureDemoAdmin(database.db, config, deps.clock.now());
    const login = admin.created ? `${admin.email} / ${admin.password}` : `${admin.email} (${admin.hint})`;
    console.log(
      `\n  Tollgate is running at ${url}\n\n  Demo admin: ${login}\n  Dev mailbox: ${url}/dev/mail\n` +
        (emulator ? `  Stripe emulator: ${emulator.url} (test card 4242 4242 4242 4242)\n` : ''),
    );
  } else {
    logger.info({ url }, 'Tollgate is running');
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await queue.stop();
      deps.mailer.close?.();
      await emulator?.close();
      redis?.disconnect();
      await database.close();
    })());
  return { app, url, stop };
}
