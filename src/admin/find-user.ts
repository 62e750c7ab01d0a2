import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { users, type User } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';

export async function findUserOr404(db: Db, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound('No such user.');
  return user;
}
