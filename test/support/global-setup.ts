import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../src/platform/db/database.ts';
import { adminUrl, withDatabaseName } from './postgres-url.ts';

/**
 * With DATABASE_URL set, the suite runs on PostgreSQL: one migrated template database is made here,
 * and every test file clones it (CREATE DATABASE … TEMPLATE), so files run in parallel in isolation.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const template = `${new URL(base).pathname.slice(1) || 'tollgate'}_template`;
  const admin = await openPostgres(adminUrl(base), { max: 1 });
  try {
    await admin.pool!.query(`drop database if exists "${template}" with (force)`);
    await admin.pool!.query(`create database "${template}"`);
  } finally {
    await admin.close();
  }
  const db = await openPostgres(withDatabaseName(base, template), { max: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  project.provide('postgresTemplate', template);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: string | undefined;
  }
}
