import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { sessions, users, type User } from '../platform/db/schema/index.ts';
import { randomToken, sha256 } from '../platform/tokens.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** Starts a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Db, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  await db.insert(sessions).values({
    idHash: sha256(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return token;
}

export async function findSessionUser(db: Db, token: string, now: Date): Promise<User | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sha256(token)), gt(sessions.expiresAt, now)))
    .limit(1);
  return row?.user;
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(token)));
}

export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
