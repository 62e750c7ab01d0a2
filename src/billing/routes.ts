import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../http/reply.ts';
import { requireUser } from '../http/session.ts';
import { validate } from '../http/validate.ts';
import type { BillingDeps } from './billing-deps.ts';
import { changePlan, previewPlanChange } from './change-plan.ts';
import { getCheckoutStatus } from './get-checkout-status.ts';
import { listInvoices, listPayments } from './list-invoices.ts';
import { loadBilling } from './load-billing.ts';
import { cancelSubscription, resumeSubscription } from './manage-subscription.ts';
import { openPortal } from './open-portal.ts';
import { startCheckout } from './start-checkout.ts';
import { retryPayment } from './retry-payment.ts';

const priceId = z.string({ error: 'must be a string' }).min(1, 'is required').max(100);
const checkoutBody = z.object({ priceId, promotionCode: z.string().trim().min(1).max(100).optional() });
const cancelBody = z.object({
  atPeriodEnd: z.boolean({ error: 'must be true or false' }).default(true),
  reason: z.string().trim().max(100).optional(),
  feedback: z.string().trim().max(2000).optional(),
});
const sessionParams = z.object({
  sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/, 'is not a checkout session id'),
});
const invoiceQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  startingAfter: z.string().max(200).optional(),
});
const portalBody = z.object({
  // Only a path on this app: an absolute URL here would make the portal an open redirect.
  returnUrl: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this site, starting with /')
    .optional(),
});

export function billingRoutes(app: FastifyInstance, deps: BillingDeps): void {
  app.get('/api/billing/status', async (request) =>
    ok(await loadBilling(deps.db, deps.catalog, requireUser(request).id, deps.clock.now())),
  );

  app.post('/api/billing/checkout', async (request) => {
    const user = requireUser(request);
    return ok(await startCheckout(deps, user, validate(checkoutBody, request.body)));
  });

  app.get('/api/billing/checkout/:sessionId', async (request) => {
    const user = requireUser(request);
    const { sessionId } = validate(sessionParams, request.params);
    return ok(await getCheckoutStatus(deps, user, sessionId));
  });

  app.post('/api/billing/cancel', async (request) => {
    const user = requireUser(request);
    return ok(await cancelSubscription(deps, user, validate(cancelBody, request.body)));
  });

  app.post('/api/billing/resume', async (request) =>
    ok(await resumeSubscription(deps, requireUser(request))),
  );

  app.post('/api/billing/retry-payment', async (request) =>
    ok(await retryPayment(deps, requireUser(request))),
  );

  app.get('/api/billing/change-plan/preview', async (request) => {
    const user = requireUser(request);
    const query = validate(z.object({ priceId }), request.query);
    return ok(await previewPlanChange(deps, user, query.priceId));
  });

  app.post('/api/billing/change-plan', async (request) => {
    const user = requireUser(request);
    return ok(await changePlan(deps, user, validate(z.object({ priceId }), request.body).priceId));
  });

  app.post('/api/billing/portal', async (request) => {
    const user = requireUser(request);
    const { returnUrl } = validate(portalBody, request.body);
    return ok({ url: await openPortal(deps, user, returnUrl ?? '/billing') });
  });

  app.get('/api/stripe/portal', async (request, reply) => {
    const user = requireUser(request);
    return reply.redirect(await openPortal(deps, user, '/billing'), 303);
  });

  app.get('/api/invoices', async (request) => {
    const user = requireUser(request);
    return ok(await listInvoices(deps.db, user.id, validate(invoiceQuery, request.query)));
  });

  app.get('/api/billing/payments', async (request) =>
    ok({ payments: await listPayments(deps.db, requireUser(request).id) }),
  );
}
