import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { rateLimited } from '../platform/errors.ts';

/** Per-IP and per-user request limits (API.md § Conventions); 0 turns one off. */
export async function registerRateLimits(
  app: FastifyInstance,
  options: { ipPerMinute: number; userPerMinute: number; redis?: Redis | undefined; exemptPaths?: string[] },
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: 'tollgate:rate:' } : {}),
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl / 1000),
  });
  if (options.ipPerMinute > 0) {
    const exempt = new Set(options.exemptPaths ?? []);
    app.addHook(
      'onRequest',
      app.rateLimit({
        max: options.ipPerMinute,
        timeWindow: 60_000,
        // Stripe's deliveries are verified by signature and come in bursts from few addresses.
        allowList: (request) => exempt.has((request.url.split('?')[0] ?? '').replace(/\/+$/, '')),
      }),
    );
  }
  if (options.userPerMinute > 0) {
    app.addHook(
      'preHandler',
      app.rateLimit({
        max: options.userPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => `user:${request.user?.id}`,
        allowList: (request) => !request.user,
      }),
    );
  }
}
