import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppDeps } from './app-deps.ts';
import { accountRoutes } from './accounts/routes.ts';
import { databaseLoginThrottle, redisLoginThrottle } from './accounts/login-throttle.ts';
import { devRoutes } from './dev/routes.ts';
import { registerErrorHandlers, sendClientError, sendFrameworkError } from './http/error-handler.ts';
import { registerMetrics } from './http/metrics.ts';
import { registerRateLimits } from './http/rate-limit.ts';
import { requestLogger } from './http/request-logger.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerSessions, sessionCookies } from './http/session.ts';
import { healthRoutes } from './ops/health-routes.ts';
import { billingDepsOf } from './billing/billing-deps.ts';
import { entitlements } from './billing/entitlements.ts';
import { billingRoutes } from './billing/routes.ts';
import { planRoutes } from './catalog/plan-routes.ts';
import { premiumRoutes } from './premium/routes.ts';
import { WEBHOOK_PATHS, webhookRoutes } from './webhooks/routes.ts';
import { serveSpaIndex, webRoutes } from './web/routes.ts';
import { adminRoutes } from './admin/routes.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the HTTP app from its dependencies; nothing is opened or started here. */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    childLoggerFactory: requestLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // A client trickling its body is cut off. Node enforces only the timeout it was created with (and
    // checks it every connectionsCheckingInterval, 30 s by default), hence the `http` options too.
    requestTimeout: config.requestTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
    },
    clientErrorHandler: sendClientError,
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    frameworkErrors: sendFrameworkError,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });

  registerErrorHandlers(app, { fallback: serveSpaIndex });
  registerMetrics(app);
  await registerSecurityHeaders(app, { hsts: config.secureCookies });
  // Off unless an allow-list is configured: the SPA is served from the same origin. Not registered
  // at all then, as @fastify/cors works out its (empty) answer in a hook on every request.
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins, credentials: true });
  }
  await app.register(cookie);
  await registerRateLimits(app, {
    ipPerMinute: config.rateLimitIpPerMinute,
    userPerMinute: config.rateLimitUserPerMinute,
    redis: deps.redis,
    exemptPaths: WEBHOOK_PATHS,
  });
  const cookies = sessionCookies(config);
  registerSessions(app, { db: deps.db, clock: deps.clock, cookies });

  // Mail is in the outbox once the transaction commits; this only wakes a sender early (a minutely
  // schedule sends it anyway).
  const afterCommit = () => {
    deps.queue
      .kickEmail()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not wake the mail sender'));
  };
  const throttle = deps.redis ? redisLoginThrottle(deps.redis) : databaseLoginThrottle(deps.db);

  const billing = billingDepsOf(deps);
  healthRoutes(app, deps);
  accountRoutes(app, { ...deps, cookies, throttle, afterCommit });
  planRoutes(app, deps);
  billingRoutes(app, billing);
  premiumRoutes(app, { ...deps, entitlements: entitlements(deps) });
  await webhookRoutes(app, { ...deps, onStored: () => deps.workers?.nudge() });
  adminRoutes(app, deps);
  if (config.devMode) devRoutes(app, deps);
  await webRoutes(app);
  return app;
}

/** Believe the nearest `hops` proxies: X-Forwarded-For entries beyond them may be forged by the client. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;
