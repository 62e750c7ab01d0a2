import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/platform/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A database restart cuts the connections a transaction holds. pg emits `error` on such a client, and
 * the pool listens only on idle ones: unhandled, the event killed the whole process (found by the
 * PostgreSQL outage stress test, where `tollgate serve` died mid-webhook). The transaction must fail
 * instead, and the pool go on with fresh connections.
 */
describe.skipIf(!process.env.DATABASE_URL)('a connection lost inside a transaction', () => {
  let database: TestDatabase;
  let admin: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = await openPostgres(database.url!, { max: 1 });
  });
  afterAll(async () => {
    await admin.close();
    await database.close();
  });

  it('fails the transaction, not the process', async () => {
    const running = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await tx.execute(sql`select pg_sleep(30)`);
    });
    // Wait until the transaction sleeps, then end its backend as a restart would.
    for (let i = 0; ; i++) {
      const result = (await admin.db.execute(
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
            where query = 'select pg_sleep(30)' and datname = current_database()`,
      )) as unknown as { rows: unknown[] };
      if (result.rows.length > 0) break;
      if (i > 200) throw new Error('the transaction never started');
      await new Promise((r) => setTimeout(r, 25));
    }
    await expect(running).rejects.toThrow();
    // Between statements too: a client checked out with no query running.
    const held = await database.pool!.connect();
    const [{ pid }] = (await held.query('select pg_backend_pid() as pid')).rows;
    await admin.db.execute(sql`select pg_terminate_backend(${pid}::int)`);
    await new Promise((r) => setTimeout(r, 200));
    held.release(true);
    expect(await database.db.execute(sql`select 2 as two`)).toMatchObject({ rows: [{ two: 2 }] });
  });
});
