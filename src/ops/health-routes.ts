import type { FastifyInstance } from 'fastify';
import type { Database } from '../platform/db/database.ts';

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
    const healthy = Object.values(checks).every((c) => c === 'ok');
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'failing', checks });
  });
}
