import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { users } from '../platform/db/schema/index.ts';
import { randomToken } from '../platform/tokens.ts';
import { createAdmin } from './create-admin.ts';

type DemoAdmin =
  { email: string; created: true; password: string } | { email: string; created: false; hint: string };

/** Embedded mode only: the first start creates an admin so a newcomer can open the console at once. */
export async function ensureDemoAdmin(db: Db, config: Config, now: Date): Promise<DemoAdmin> {
  const email = (config.adminEmail ?? 'admin@example.com').toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  const file = path.join(config.dataDir, 'demo-admin.txt');
  if (existing) {
    const saved = readSaved(file);
    return {
      email: saved?.email ?? email,
      created: false,
      hint: saved ? `password in ${file}` : 'password as set before',
    };
  }
  const password = config.adminPassword ?? randomToken().slice(0, 16);
  await createAdmin(db, { email, password }, now);
  if (!config.adminPassword) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { email, created: true, password };
}

function readSaved(file: string): { email: string } | undefined {
  try {
    const [email] = readFileSync(file, 'utf8').split('\n');
    return email ? { email } : undefined;
  } catch {
    return undefined;
  }
}
