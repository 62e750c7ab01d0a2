import type { Config } from '../config.ts';
import { createAdmin } from '../accounts/create-admin.ts';
import { registerBody } from '../accounts/schemas.ts';
import { openDatabase } from '../platform/db/database.ts';
import { systemClock } from '../platform/clock.ts';

export async function createAdminCommand(
  config: Config,
  options: { email: string; password: string; json?: boolean },
): Promise<void> {
  const parsed = registerBody.safeParse({ email: options.email, password: options.password });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`);
    throw new Error(problems.join('; '));
  }
  const database = await openDatabase(config);
  try {
    if (config.embedded) await database.migrate();
    const result = await createAdmin(database.db, parsed.data, systemClock.now());
    console.log(
      options.json
        ? JSON.stringify({ ok: true, email: parsed.data.email, result })
        : `Admin ${parsed.data.email} ${result}.`,
    );
  } finally {
    await database.close();
  }
}
