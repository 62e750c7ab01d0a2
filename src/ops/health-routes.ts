import type { FastifyInstance } from 'fastify';
import type { Database } from '../platform/db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queue.ts';
import type { StripeAccess } from '../stripe/client.ts';
import { ok } from '../http/reply.ts';

// Health checks are polled every few seconds; Stripe's answer is cached so they never eat its rate limit.
const STRIPE_CHECK_TTL_MS = 30_000;

/** Fits container health checks: 200 when every dependency answers, 503 naming those that do not. */
export function healthRoutes(
  app: FastifyInstance,
  deps: { database: Database; queue: JobQueue; stripe: StripeAccess },
): void {
  let stripeCheck: { at: number; result: Promise<string> } | undefined;
  const checkStripe = () => {
    if (!stripeCheck || Date.now() - stripeCheck.at > STRIPE_CHECK_TTL_MS) {
      stripeCheck = {
        at: Date.now(),
        result: deps.stripe.client.products.list({ limit: 1 }).then(
          () => 'ok',
          () => 'unreachable',
        ),
      };
    }
    return stripeCheck.result;
  };
  const probe = (check: () => Promise<unknown>) =>
    check().then(
      () => 'ok',
      () => 'unreachable',
    );

  app.get('/health', async (request, reply) => {
    const [db, queue, stripe] = await Promise.all([
      probe(() => deps.database.ping()),
      probe(() => deps.queue.boss.getQueue(QUEUES.stripeEvent)),
      checkStripe(),
    ]);
    const checks: Record<string, string> = { db, queue, stripe };
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    if (failing.length === 0) return ok({ status: 'ok', checks });
    request.log.error({ checks }, 'health check failing');
    return reply.status(503).send({
      success: false,
      error: `Unhealthy: ${failing.join(', ')}.`,
      code: 'UNHEALTHY',
      status: 503,
      checks,
    });
  });
}
