import { openPostgres, type Database } from '../../src/platform/db/database.ts';

/** A fresh PostgreSQL database for one benchmark (DATABASE_URL's server, or the local one). */
export async function freshBenchDatabase(name: string): Promise<{ url: string; database: Database }> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const maintenance = await openPostgres(admin.toString(), { max: 1 });
  await maintenance.pool!.query(`drop database if exists "${name}" with (force)`);
  await maintenance.pool!.query(`create database "${name}"`);
  await maintenance.close();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 5 });
  await database.migrate();
  return { url: url.toString(), database };
}
