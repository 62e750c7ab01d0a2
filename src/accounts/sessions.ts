import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { sessions, users, type User } from '../platform/db/schema/index.ts';
import { forgetKey, forgetTag, ShortCache } from '../http/short-cache.ts';
import { randomToken, sha256 } from '../platform/tokens.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * How long this process may answer from its session cache without asking the database. A session
 * ended, or a user changed, by another process (another server instance, the CLI) takes effect here
 * within this time; on this process, logout, login and password reset take effect at once.
 */
export const SESSION_CACHE_TTL_MS = 2_000;
const SESSION_CHANNEL = 'session';

export interface SessionRecord {
  user: User;
  expiresAt: Date;
}

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

async function readSession(db: Db, idHash: string, now: Date): Promise<SessionRecord | undefined> {
  const [row] = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function findSessionUser(db: Db, token: string, now: Date): Promise<User | undefined> {
  return (await readSession(db, sha256(token), now))?.user;
}

/** Session look-ups through a per-app cache (see SESSION_CACHE_TTL_MS); expiry is checked on every hit. */
export function sessionFinder(db: Db, options: { ttlMs?: number | undefined; now?: () => number } = {}) {
  const cache = new ShortCache<SessionRecord | undefined>(SESSION_CHANNEL, {
    ttlMs: options.ttlMs ?? SESSION_CACHE_TTL_MS,
    keep: (record) => record !== undefined,
    tagOf: (record) => record?.user.id,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    cache,
    /** The user of a cached, unexpired session; undefined means "ask `find`", not "signed out". */
    cached(token: string, now: Date): User | undefined {
      const record = cache.peek(token);
      return record && record.expiresAt > now ? record.user : undefined;
    },
    async find(token: string, now: Date): Promise<User | undefined> {
      // Keyed by the token itself: hashing it on every request costs more than the rest of the look-up.
      const read = () => readSession(db, sha256(token), now);
      let record = await cache.get(token, read);
      if (record && record.expiresAt <= now) {
        // Expired by the cached copy: the row may have been extended since (development time travel
        // moves sessions with the clock), so the database decides.
        record = await read();
        cache.put(token, record);
      }
      return record && record.expiresAt > now ? record.user : undefined;
    },
  };
}

/** Forgets a user's cached sessions in this process (after the user row changed: role, name…). */
export const forgetCachedUser = (userId: string) => forgetTag(SESSION_CHANNEL, userId);

export async function endSession(db: Db, token: string): Promise<void> {
  forgetKey(SESSION_CHANNEL, token);
  await db.delete(sessions).where(eq(sessions.idHash, sha256(token)));
}

export async function endAllSessions(db: Db, userId: string): Promise<void> {
  forgetTag(SESSION_CHANNEL, userId);
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
