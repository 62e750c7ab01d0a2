import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Clock } from './platform/clock.ts';
import type { Database, Db } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import type { MailTransport } from './email/transport.ts';

/** Everything the app needs from outside; built by main.ts (or a test) and passed to createApp. */
export interface AppDeps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  mailer: MailTransport;
  logger: Logger;
  redis?: Redis | undefined;
}
