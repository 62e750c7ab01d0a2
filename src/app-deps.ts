import type { Redis } from 'ioredis';
import type { Catalog } from './catalog/catalog.ts';
import type { Config } from './config.ts';
import type { MailTransport } from './email/transport.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Workers } from './jobs/workers.ts';
import type { Clock } from './platform/clock.ts';
import type { Database, Db } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import type { StripeAccess } from './stripe/client.ts';

/** Everything the app needs from outside; built by main.ts (or a test) and passed to createApp. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  logger: Logger;
  stripe: StripeAccess;
  catalog: Catalog;
  queue: JobQueue;
  /** Present when this process also runs the workers (embedded mode, tests). */
  workers?: Workers | undefined;
  redis?: Redis | undefined;
}
