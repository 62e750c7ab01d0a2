import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../platform/db/database.ts';
import { loginFailures } from '../platform/db/schema/index.ts';

/** Five failed logins for one e-mail within 15 minutes block the next attempts (API.md § Conventions). */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/**
 * Every attempt is counted *before* the password is checked, so concurrent guesses cannot slip past
 * the limit: the k-th attempt to be recorded always sees at least k, whatever the interleaving.
 */
export interface LoginThrottle {
  /** Records an attempt; returns the seconds to wait when it is over the limit (then it does not count), else 0. */
  begin(email: string, now: Date): Promise<number>;
  /** A correct password clears the e-mail's failures. */
  succeeded(email: string): Promise<void>;
}

export function databaseLoginThrottle(db: Db): LoginThrottle {
  return {
    async begin(email, now) {
      const [attempt] = await db
        .insert(loginFailures)
        .values({ email, failedAt: now })
        .returning({ id: loginFailures.id });
      const windowStart = new Date(now.getTime() - WINDOW_MS);
      const recent = await db
        .select({ id: loginFailures.id, failedAt: loginFailures.failedAt })
        .from(loginFailures)
        .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, windowStart)))
        .orderBy(asc(loginFailures.failedAt), asc(loginFailures.id));
      if (recent.length <= MAX_FAILURES) return 0;
      await db.delete(loginFailures).where(eq(loginFailures.id, attempt!.id));
      const oldest = recent[0]!.failedAt.getTime();
      return (oldest + WINDOW_MS - now.getTime()) / 1000;
    },
    async succeeded(email) {
      await db.delete(loginFailures).where(eq(loginFailures.email, email));
    },
  };
}

/** Removes failures older than the window; called by housekeeping so the table stays small. */
export async function pruneLoginFailures(db: Db, now: Date): Promise<void> {
  await db.delete(loginFailures).where(lte(loginFailures.failedAt, new Date(now.getTime() - WINDOW_MS)));
}

export function redisLoginThrottle(redis: Redis): LoginThrottle {
  const key = (email: string) => `tollgate:login-failures:${email}`;
  return {
    async begin(email, now) {
      const at = now.getTime();
      const attemptId = `${at}:${Math.random().toString(36).slice(2)}`;
      const result = await redis
        .multi()
        .zremrangebyscore(key(email), '-inf', at - WINDOW_MS)
        .zadd(key(email), at, attemptId)
        .zcard(key(email))
        .zrange(key(email), '0', '0', 'WITHSCORES')
        .pexpire(key(email), WINDOW_MS)
        .exec();
      const count = Number(result?.[2]?.[1] ?? 0);
      if (count <= MAX_FAILURES) return 0;
      await redis.zrem(key(email), attemptId);
      const oldest = Number((result?.[3]?.[1] as string[] | undefined)?.[1] ?? at);
      return (oldest + WINDOW_MS - at) / 1000;
    },
    async succeeded(email) {
      await redis.del(key(email));
    },
  };
}
