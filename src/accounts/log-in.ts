import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { users, type User } from '../platform/db/schema/index.ts';
import { AppError, rateLimited } from '../platform/errors.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, endSession } from './sessions.ts';

export const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is wrong.');

/** Checks the password under the throttle and starts a fresh session, ending the one the client had. */
export async function logIn(
  deps: { db: Db; throttle: LoginThrottle },
  input: { email: string; password: string; previousSessionToken?: string | undefined },
  now: Date,
): Promise<{ user: User; sessionToken: string }> {
  const waitSeconds = await deps.throttle.begin(input.email, now);
  if (waitSeconds > 0)
    throw rateLimited(waitSeconds, 'Too many failed logins for this e-mail; try again later.');

  const [user] = await deps.db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) throw invalidCredentials();

  await deps.throttle.succeeded(input.email);
  // A new id on every login defeats session fixation.
  const sessionToken = await deps.db.transaction(async (tx) => {
    if (input.previousSessionToken) await endSession(tx, input.previousSessionToken);
    return createSession(tx, user.id, now);
  });
  return { user, sessionToken };
}
