import type { FastifyInstance } from 'fastify';
import { ok } from '../http/reply.ts';
import { requireAdmin } from '../http/session.ts';
import type { StripeAccess } from '../stripe/client.ts';

/** GET /api/dev/stripe: how the app reaches Stripe, so tools can sign test events (admins only). */
export function devStripeRoute(app: FastifyInstance, deps: { stripe: StripeAccess; appUrl: string }): void {
  app.get('/api/dev/stripe', async (request) => {
    requireAdmin(request);
    return ok({
      mode: deps.stripe.mode === 'emulator' ? 'emulator' : 'test',
      apiBase: deps.stripe.apiBase,
      webhookUrl: `${deps.appUrl}/api/stripe/webhook`,
      webhookSecret: deps.stripe.webhookSecret ?? null,
    });
  });
}
