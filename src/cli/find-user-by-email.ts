import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { users, type User } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';

/** E-mail addresses are stored lower-cased, so an operator may type them in any case. */
export async function findUserByEmail(db: Db, email: string): Promise<User> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.email, normalized)).limit(1);
  if (!user) throw notFound(`No user with the e-mail ${normalized}.`);
  return user;
}
