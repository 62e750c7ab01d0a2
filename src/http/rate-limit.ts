import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { rateLimited } from '../platform/errors.ts';
import { addressKey } from './address-key.ts';
import { WindowCounter } from './window-counter.ts';

const MINUTE_MS = 60_000;

/**
 * Per-IP and per-user request limits (API.md § Conventions); 0 turns one off. Both apply to a
 * signed-in request. Counted in-process and, with Redis, shared between instances by a periodic sync
 * (see WindowCounter): a shared counter's round trip on every request cost more than the rest of a
 * cached, signed-in request.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: {
    ipPerMinute: number;
    userPerMinute: number;
    redis?: Redis | undefined;
    exemptPaths?: string[];
    syncMs?: number;
  },
): Promise<void> {
  const counter = (name: string, max: number) =>
    new WindowCounter({
      max,
      windowMs: MINUTE_MS,
      redis: options.redis,
      name: `tollgate:rate:${name}`,
      ...(options.syncMs ? { syncMs: options.syncMs } : {}),
      onSyncError: (error) => app.log.warn({ err: error }, 'could not share the rate-limit counts'),
    });
  const counters: WindowCounter[] = [];

  if (options.ipPerMinute > 0) {
    const perIp = counter('ip', options.ipPerMinute);
    counters.push(perIp);
    // Stripe's deliveries are verified by signature and come in bursts from few addresses.
    const exempt = new Set(options.exemptPaths ?? []);
    app.addHook('onRequest', (request, _reply, done) => {
      if (exempt.has(request.routeOptions.url ?? '')) return done();
      const wait = perIp.hit(addressKey(request.ip));
      done(wait > 0 ? rateLimited(wait) : undefined);
    });
  }
  if (options.userPerMinute > 0) {
    const perUser = counter('user', options.userPerMinute);
    counters.push(perUser);
    // After the session hook (onRequest), so the user is known.
    app.addHook('preHandler', (request, _reply, done) => {
      if (!request.user) return done();
      const wait = perUser.hit(request.user.id);
      done(wait > 0 ? rateLimited(wait) : undefined);
    });
  }
  app.addHook('onClose', async () => {
    for (const c of counters) c.close();
    await Promise.all(counters.map((c) => c.sync()));
  });
}
