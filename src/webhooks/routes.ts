import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { AppError } from '../platform/errors.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { StripeAccess } from '../stripe/client.ts';
import { verifyWebhook } from '../stripe/webhooks.ts';
import { ok } from '../http/reply.ts';
import { eventInbox } from './store-event.ts';
import { withoutNul } from './without-nul.ts';

export const WEBHOOK_PATHS = ['/api/stripe/webhook', '/stripe/webhook', '/api/payments/webhook'];

/**
 * The Stripe webhook: verify the signature on the raw bytes, store, acknowledge. 400 only for a
 * request that can never succeed; a storage failure is a 5xx so that Stripe delivers again.
 */
export async function webhookRoutes(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; stripe: StripeAccess; queue: JobQueue; onStored?: () => void },
): Promise<void> {
  const inbox = eventInbox(deps);
  await app.register(async (scope) => {
    // The signature covers the exact bytes, so the body must not be parsed (or re-serialised) first.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    for (const url of WEBHOOK_PATHS) {
      scope.post(url, { config: { csrfExempt: true } }, async (request) => {
        const secret = deps.stripe.webhookSecret;
        if (!secret) {
          throw new AppError(503, 'WEBHOOK_NOT_CONFIGURED', 'The webhook signing secret is not configured.');
        }
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['stripe-signature'];
        let event: Stripe.Event;
        try {
          event = verifyWebhook(
            deps.stripe.client,
            raw,
            typeof signature === 'string' ? signature : undefined,
            secret,
          );
        } catch (error) {
          request.log.warn({ reason: (error as Error).message }, 'webhook refused');
          throw new AppError(400, 'INVALID_SIGNATURE', 'The Stripe signature is missing, wrong or too old.');
        }
        // JSON can carry U+0000 only escaped; without the escape in the bytes there is nothing to strip.
        const { duplicate } = await inbox.store(raw.includes('\\u0000') ? withoutNul(event) : event);
        if (!duplicate) deps.onStored?.();
        return ok({ received: true, duplicate });
      });
    }
  });
}
