import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import type { User } from '../platform/db/schema/index.ts';
import { AppError, forbidden, unauthenticated } from '../platform/errors.ts';
import { hmac, safeEqual } from '../platform/tokens.ts';
import { forgetCachedUser, sessionFinder, SESSION_TTL_MS } from '../accounts/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes verified by other means (the Stripe webhook's signature) skip the CSRF check. */
    csrfExempt?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SessionCookies {
  name: string;
  set(reply: FastifyReply, token: string): void;
  clear(reply: FastifyReply): void;
  /** The CSRF token is derived from the session, so it needs no storage and changes when the session does. */
  csrfTokenFor(sessionToken: string): string;
}

export function sessionCookies(config: Config): SessionCookies {
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
  const name = config.secureCookies ? '__Host-tollgate_session' : 'tollgate_session';
  const options = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies };
  return {
    name,
    set: (reply, token) => void reply.setCookie(name, token, { ...options, maxAge: SESSION_TTL_MS / 1000 }),
    clear: (reply) => void reply.clearCookie(name, options),
    csrfTokenFor: (sessionToken) => hmac(config.sessionSecret, `csrf:${sessionToken}`),
  };
}

export function registerSessions(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; cookies: SessionCookies; sessionCacheTtlMs?: number },
): void {
  // Sessions are read through a short-lived cache: see SESSION_CACHE_TTL_MS for what that means.
  const sessions = sessionFinder(deps.db, { ttlMs: deps.sessionCacheTtlMs });
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  // Callback style, so a cached session (nearly every signed-in request) costs no promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = request.cookies[deps.cookies.name];
    if (!token || token.length > 100) return done();
    const now = deps.clock.now();
    const cached = sessions.cached(token, now);
    if (cached) {
      request.user = cached;
      request.sessionToken = token;
      return done();
    }
    sessions.find(token, now).then((user) => {
      if (user) {
        request.user = user;
        request.sessionToken = token;
      }
      done();
    }, done);
  });

  // A state-changing request may change its own user's row (preferences, name…): the cached copy is
  // dropped before the handler runs and again once it has answered, so the next request reads it anew.
  // One preHandler for that and the CSRF check: a read (most requests) passes with one method test.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!STATE_CHANGING.has(request.method)) return done();
    if (request.user) forgetCachedUser(request.user.id);
    if (!request.sessionToken || request.routeOptions.config.csrfExempt) return done();
    const sent = request.headers['x-csrf-token'];
    const expected = deps.cookies.csrfTokenFor(request.sessionToken);
    if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
      return done(
        new AppError(403, 'CSRF_FAILED', 'Missing or wrong X-CSRF-Token header; get one from GET /api/csrf.'),
      );
    }
    done();
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.user && STATE_CHANGING.has(request.method)) forgetCachedUser(request.user.id);
    done(null, payload);
  });
}

export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw unauthenticated();
  return request.user;
}

export function requireAdmin(request: FastifyRequest): User {
  const user = requireUser(request);
  if (user.role !== 'admin') throw forbidden('This needs the admin role.');
  return user;
}
