import { sql } from 'drizzle-orm';
import type { Db } from '../../src/platform/db/database.ts';
import { QUEUES } from '../../src/jobs/queue.ts';

export const SCHEDULED_QUEUES = [QUEUES.lifecycleSweep, QUEUES.housekeeping, QUEUES.reconcileStripe];

const names = () =>
  sql.join(
    SCHEDULED_QUEUES.map((q) => sql`${q}`),
    sql`, `,
  );

/**
 * Makes the hourly and daily schedules fire every minute, so a test can watch several periods while
 * the workers run (pg-boss reads the schedule table on every cron pass). Returns when that began and a
 * function that puts the real schedules back.
 */
export async function scheduleEveryMinute(db: Db): Promise<{ since: Date; restore(): Promise<void> }> {
  const original = (await db.execute(
    sql`select name, cron from pgboss.schedule where name in (${names()})`,
  )) as unknown as { rows: { name: string; cron: string }[] };
  if (original.rows.length !== SCHEDULED_QUEUES.length) throw new Error('the workers have not scheduled yet');
  await db.execute(
    sql`update pgboss.schedule set cron = '* * * * *', updated_on = now() where name in (${names()})`,
  );
  const result = (await db.execute(sql`select now() as now`)) as unknown as {
    rows: { now: Date | string }[];
  };
  return {
    since: new Date(result.rows[0]!.now),
    async restore() {
      for (const { name, cron } of original.rows) {
        await db.execute(
          sql`update pgboss.schedule set cron = ${cron}, updated_on = now() where name = ${name}`,
        );
      }
    },
  };
}

/** Scheduled jobs not finished yet. */
export async function scheduledJobsRunning(db: Db): Promise<number> {
  const result = (await db.execute(
    sql`select count(*)::int as n from pgboss.job where name in (${names()}) and state in ('created', 'retry', 'active')`,
  )) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}

/** The jobs each schedule made since `since`, by queue and minute, with their final state. */
export async function scheduledRuns(db: Db, since: Date) {
  const result = (await db.execute(sql`
    select name, to_char(date_trunc('minute', created_on at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI') as minute,
           count(*)::int as jobs, array_agg(state::text) as states
    from pgboss.job
    where name in (${names()}) and created_on >= ${since.toISOString()}::timestamptz
    group by 1, 2 order by 1, 2`)) as unknown as {
    rows: { name: string; minute: string; jobs: number; states: string[] }[];
  };
  return result.rows;
}
