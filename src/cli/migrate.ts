import type { Config } from '../config.ts';
import { openDatabase } from '../platform/db/database.ts';

export async function migrateCommand(config: Config, options: { json?: boolean }): Promise<void> {
  const database = await openDatabase(config);
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  const target = config.databaseUrl ? 'DATABASE_URL' : `embedded database in ${config.dataDir}`;
  console.log(
    options.json
      ? JSON.stringify({ ok: true, database: database.kind })
      : `Migrations applied to the ${target}.`,
  );
}
