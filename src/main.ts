import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import type { Config } from './config.ts';
import { ensureDemoAdmin } from './accounts/ensure-demo-admin.ts';
import { systemClock } from './platform/clock.ts';
import { openDatabase } from './platform/db/database.ts';
import { createLogger } from './platform/logger.ts';
import { devMailboxTransport } from './email/transport.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Opens the dependencies, builds the app and listens; embedded mode also migrates and seeds. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config);
  if (config.embedded) await database.migrate();
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false }) : undefined;
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    clock: systemClock,
    mailer: devMailboxTransport,
    logger,
    redis,
  };
  const app = await createApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.appUrl.includes(`:${config.port}`)
    ? config.appUrl.replace(`:${config.port}`, `:${port}`)
    : config.appUrl;

  if (config.embedded) {
    const admin = await ensureDemoAdmin(database.db, config, systemClock.now());
    const login = admin.created ? `${admin.email} / ${admin.password}` : `${admin.email} (${admin.hint})`;
    console.log(
      `\n  Tollgate is running at ${url}\n\n  Demo admin: ${login}\n  Dev mailbox: ${url}/dev/mail\n`,
    );
  } else {
    logger.info({ url }, 'Tollgate is running');
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      redis?.disconnect();
      await database.close();
    })());
  return { app, url, stop };
}
