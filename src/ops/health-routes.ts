import type { FastifyInstance } from 'fastify';
import type { Database } from '../platform/db/database.ts';
import { ok } from '../http/reply.ts';

/** Fits container health checks: 200 when every dependency answers, 503 naming the one that does not. */
export function healthRoutes(app: FastifyInstance, deps: { database: Database }): void {
  app.get('/health', async (request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await deps.database.ping();
      checks.db = 'ok';
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      checks.db = 'unreachable';
    }
    const failing = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    if (failing.length === 0) return ok({ status: 'ok', checks });
    return reply.status(503).send({
      success: false,
      error: `Unhealthy: ${failing.join(', ')}.`,
      code: 'UNHEALTHY',
      status: 503,
      checks,
    });
  });
}
