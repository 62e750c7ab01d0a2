import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/platform/db/database.ts';
import { adminUrl, withDatabaseName } from './postgres-url.ts';

export type TestDatabase = Database & { url?: string };

/** A fresh, migrated database for one test file: PGlite in memory, or a clone on PostgreSQL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openPglite();
    await database.migrate();
    return database;
  }
  const template = inject('postgresTemplate');
  const name = `tollgate_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(adminUrl(base), { max: 1 });
  try {
    await admin.pool!.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.close();
  }
  const url = withDatabaseName(base, name);
  const database: TestDatabase = Object.assign(await openPostgres(url, { max: 5 }), { url });
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = await openPostgres(adminUrl(base), { max: 1 });
    await cleanup
      .pool!.query(`drop database if exists "${name}" with (force)`)
      .finally(() => cleanup.close());
  };
  return database;
}
