import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { validate } from '../http/validate.ts';
import { ok } from '../http/reply.ts';
import { requireUser, type SessionCookies } from '../http/session.ts';
import { confirmPasswordReset } from './confirm-password-reset.ts';
import { logIn } from './log-in.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { registerUser } from './register-user.ts';
import { requestPasswordReset } from './request-password-reset.ts';
import {
  emailPreferencesBody,
  loginBody,
  passwordResetBody,
  passwordResetConfirmBody,
  registerBody,
} from './schemas.ts';
import { eq } from 'drizzle-orm';
import { users } from '../platform/db/schema/index.ts';
import { endSession } from './sessions.ts';
import { toUserView } from './user-view.ts';
import { loadBilling } from '../billing/load-billing.ts';
import type { User } from '../platform/db/schema/index.ts';

export function accountRoutes(
  app: FastifyInstance,
  deps: AppDeps & { cookies: SessionCookies; throttle: LoginThrottle; afterCommit: () => void },
): void {
  const { db, clock, config, cookies } = deps;
  // API.md: `user.billing` is the object of GET /api/billing/status.
  const userView = async (user: User) =>
    toUserView(user, await loadBilling(db, deps.catalog, user.id, clock.now()));

  app.get('/api/csrf', async (request) =>
    ok({ csrfToken: request.sessionToken ? cookies.csrfTokenFor(request.sessionToken) : null }),
  );

  app.post('/api/register', async (request, reply) => {
    const input = validate(registerBody, request.body);
    const { user, sessionToken } = await registerUser(db, { ...input, appUrl: config.appUrl }, clock.now());
    if (request.sessionToken) await endSession(db, request.sessionToken);
    deps.afterCommit();
    cookies.set(reply, sessionToken);
    request.log.info({ userId: user.id }, 'user registered');
    return reply
      .status(201)
      .send(ok({ user: toUserView(user), csrfToken: cookies.csrfTokenFor(sessionToken) }));
  });

  app.post('/api/login', async (request, reply) => {
    const input = validate(loginBody, request.body);
    const { user, sessionToken } = await logIn(
      deps,
      { ...input, previousSessionToken: request.sessionToken ?? undefined },
      clock.now(),
    );
    cookies.set(reply, sessionToken);
    return ok({ user: await userView(user), csrfToken: cookies.csrfTokenFor(sessionToken) });
  });

  app.post('/api/logout', async (request, reply) => {
    if (request.sessionToken) await endSession(db, request.sessionToken);
    cookies.clear(reply);
    return ok({});
  });

  app.get('/api/profile', async (request) => {
    const user = requireUser(request);
    return ok({ user: await userView(user), csrfToken: cookies.csrfTokenFor(request.sessionToken!) });
  });

  app.get('/api/profile/email-preferences', async (request) => {
    const user = requireUser(request);
    // Read from the table, not the request's user, which a session cache may hold for a moment.
    const [row] = await db
      .select({ reminders: users.emailReminders })
      .from(users)
      .where(eq(users.id, user.id));
    return ok({ reminders: row?.reminders ?? true });
  });

  app.put('/api/profile/email-preferences', async (request) => {
    const user = requireUser(request);
    const { reminders } = validate(emailPreferencesBody, request.body);
    await db
      .update(users)
      .set({ emailReminders: reminders, updatedAt: clock.now() })
      .where(eq(users.id, user.id));
    return ok({ reminders });
  });

  app.post('/api/password-reset', async (request, reply) => {
    const { email } = validate(passwordResetBody, request.body);
    await requestPasswordReset(db, { email, appUrl: config.appUrl }, clock.now());
    deps.afterCommit();
    return reply.status(202).send(ok({}));
  });

  app.post('/api/password-reset/confirm', async (request, reply) => {
    const input = validate(passwordResetConfirmBody, request.body);
    await confirmPasswordReset(db, input, clock.now());
    cookies.clear(reply);
    return ok({});
  });
}
