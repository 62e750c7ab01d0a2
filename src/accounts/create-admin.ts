import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { users } from '../platform/db/schema/index.ts';
import { hashPassword } from './passwords.ts';
import { insertUser } from './register-user.ts';

/** Creates an admin, or makes an existing account admin with the given password. */
export async function createAdmin(
  db: Db,
  input: { email: string; password: string },
  now: Date,
): Promise<'created' | 'promoted'> {
  const created = await insertUser(db, { ...input, role: 'admin' }, now);
  if (created) return 'created';
  await db
    .update(users)
    .set({ role: 'admin', passwordHash: await hashPassword(input.password), updatedAt: now })
    .where(eq(users.email, input.email));
  return 'promoted';
}
