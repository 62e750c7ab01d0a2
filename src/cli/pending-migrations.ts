import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Db } from '../platform/db/database.ts';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * How many of drizzle/'s migrations the database has not applied. Drizzle's migrator applies those
 * newer than the newest it recorded, so the same comparison tells what it would do, without doing it.
 */
export async function pendingMigrations(db: Db): Promise<{ pending: number; total: number }> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const [table] = rowsOf<{ name: string | null }>(
    await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`),
  );
  let last = -1;
  if (table?.name) {
    const [row] = rowsOf<{ last: string | null }>(
      await db.execute(sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`),
    );
    last = Number(row?.last ?? -1);
  }
  return { pending: migrations.filter((m) => m.folderMillis > last).length, total: migrations.length };
}
