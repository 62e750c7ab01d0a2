import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type SendOptions } from 'pg-boss';
import type { Database, Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/logger.ts';

export const QUEUES = {
  stripeEvent: 'stripe-event',
  deliverEmails: 'deliver-emails',
  lifecycleSweep: 'lifecycle-sweep',
  housekeeping: 'housekeeping',
  reconcileStripe: 'reconcile-stripe',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Retries with exponential backoff: a few seconds at first, ten minutes at most, for about a day.
 * Workers beat every few seconds: the jobs of a killed worker come back after 10 s, not 15 minutes.
 */
const retryPolicy = {
  retryLimit: 12,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 600,
  heartbeatSeconds: 10,
};

export interface JobQueue {
  boss: PgBoss;
  /** Enqueues in the caller's transaction: the job exists if and only if the change commits. */
  sendInTransaction(tx: Db, name: QueueName, data: object, options?: SendOptions): Promise<string | null>;
  /** Asks a worker to send queued mail now; repeated calls while one is waiting add nothing. */
  kickEmail(): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export async function startJobQueue(database: Database, logger: Logger): Promise<JobQueue> {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ backend: 'pglite', db: fromPglite(database.pglite!), schema: 'pgboss' })
      : new PgBoss({ connectionString: database.url!, schema: 'pgboss', max: 4 });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    // `short`: at most one job waiting, so a burst of kicks makes one delivery run.
    const options = {
      ...retryPolicy,
      ...(name === QUEUES.deliverEmails ? { policy: 'short' as const } : {}),
    };
    await boss.createQueue(name, options);
    // An existing installation gets the current settings too (createQueue leaves existing ones alone).
    const { policy: _policy, ...changeable } = options as typeof options & { policy?: string };
    await boss.updateQueue(name, changeable);
    // pg-boss looks a queue up before inserting a job. Doing it once here keeps that look-up off the
    // caller's transaction, which on PGlite's single connection would wait on itself forever.
    await boss.getJobById(name, '00000000-0000-0000-0000-000000000000');
  }
  return {
    boss,
    sendInTransaction: (tx, name, data, options = {}) =>
      boss.send(name, data, {
        ...options,
        db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
      }),
    kickEmail: async () => {
      await boss.send(QUEUES.deliverEmails, {});
    },
    stop: ({ graceful = true, timeoutMs = 10_000 } = {}) =>
      boss.stop({ graceful, timeout: timeoutMs, close: true }),
  };
}
