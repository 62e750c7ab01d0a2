import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { billingDepsOf } from '../billing/billing-deps.ts';
import { ok } from '../http/reply.ts';
import { requireAdmin } from '../http/session.ts';
import { validate } from '../http/validate.ts';
import { notFound, validationFailed } from '../platform/errors.ts';
import { computeMetrics } from '../analytics/compute-metrics.ts';
import { cancelUserSubscription } from './cancel-user-subscription.ts';
import { changeGrant } from './change-grant.ts';
import { getUserDetail } from './get-user-detail.ts';
import { getUserSubscription } from './get-user-subscription.ts';
import { listAuditLog } from './list-audit-log.ts';
import { listEmails } from './list-emails.ts';
import { listPayments } from './list-payments.ts';
import { listUsers } from './list-users.ts';
import { getWebhookEvent, listWebhookEvents } from './list-webhook-events.ts';
import { pageQuery } from './paging.ts';
import { refundPayment } from './refund-payment.ts';
import { replayFailedEvents, replayWebhookEvent } from './replay-webhook-event.ts';
import { resendEmail } from './resend-email.ts';
import { setUserSubscription } from './set-user-subscription.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that cannot exist is simply not found (and never reaches a uuid column). */
function pathId(request: FastifyRequest, name: string, what: string, pattern: RegExp = UUID): string {
  const value = (request.params as Record<string, string | undefined>)[name] ?? '';
  if (!pattern.test(value)) throw notFound(`No such ${what}.`);
  return value;
}

const optionalText = (max: number) => z.string().trim().max(max).optional();
const bool = (message: string) => z.boolean({ error: message });
const queryBool = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');
const uuidFilter = z.string().regex(UUID, 'must be a user id').optional();

const usersQuery = z.object({ ...pageQuery, q: optionalText(200) });
const paymentsQuery = z.object({
  ...pageQuery,
  userId: uuidFilter,
  status: z.enum(['charge', 'refund', 'failure'], { error: 'must be charge, refund or failure' }).optional(),
});
const eventsQuery = z.object({ ...pageQuery, type: optionalText(200), processed: queryBool.optional() });
const emailsQuery = z.object({ ...pageQuery, userId: uuidFilter, kind: optionalText(100) });
const auditQuery = z.object(pageQuery);
const setSubscriptionBody = z.object({
  tier: z.string({ error: 'must be a plan id' }).min(1, 'is required').max(100),
  durationMonths: z
    .number({ error: 'must be a number of months' })
    .int('must be a whole number of months')
    .min(1, 'must be at least 1')
    .max(36, 'must be at most 36'),
  isPaid: bool('must be true or false').default(false),
  comment: optionalText(1000),
  autoRenew: bool('must be true or false').optional(),
  paymentMethodId: z.string({ error: 'must be a string' }).trim().min(1).max(200).optional(),
});
const cancelBody = z.object({ immediately: bool('must be true or false').default(false) });
const extendBody = z.object({
  days: z
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650'),
});
const refundBody = z.object({
  amount: z
    .number({ error: 'must be an amount in minor units' })
    .int()
    .positive('must be positive')
    .optional(),
});
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).or(z.iso.date());
const metricsQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'must be after from',
    path: ['to'],
  });

/** The admin API (API.md § Admin): role `admin` only, every action in the audit log. */
export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const billing = billingDepsOf(deps);
  const now = () => deps.clock.now();

  app.get('/api/admin/users', async (request) => {
    requireAdmin(request);
    return ok(await listUsers(deps, validate(usersQuery, request.query), now()));
  });

  app.get('/api/admin/users/:userId', async (request) => {
    requireAdmin(request);
    return ok(await getUserDetail(deps, pathId(request, 'userId', 'user'), now()));
  });

  app.get('/api/admin/users/:userId/subscription', async (request) => {
    requireAdmin(request);
    return ok(await getUserSubscription(deps, pathId(request, 'userId', 'user'), now()));
  });

  app.put('/api/admin/users/:userId/subscription', async (request) => {
    const actor = requireAdmin(request);
    const userId = pathId(request, 'userId', 'user');
    return ok(await setUserSubscription(billing, actor, userId, validate(setSubscriptionBody, request.body)));
  });

  app.post('/api/admin/users/:userId/subscription/cancel', async (request) => {
    const actor = requireAdmin(request);
    const userId = pathId(request, 'userId', 'user');
    return ok(await cancelUserSubscription(billing, actor, userId, validate(cancelBody, request.body)));
  });

  app.post('/api/admin/grants/:grantId/extend', async (request) => {
    const actor = requireAdmin(request);
    const grantId = pathId(request, 'grantId', 'grant');
    const { days } = validate(extendBody, request.body);
    return ok(await changeGrant(deps, actor, grantId, { kind: 'extend', days }));
  });

  app.post('/api/admin/grants/:grantId/revoke', async (request) => {
    const actor = requireAdmin(request);
    return ok(await changeGrant(deps, actor, pathId(request, 'grantId', 'grant'), { kind: 'revoke' }));
  });

  app.get('/api/admin/payments', async (request) => {
    requireAdmin(request);
    return ok(await listPayments(deps.db, validate(paymentsQuery, request.query)));
  });

  app.post('/api/admin/payments/:paymentId/refund', async (request) => {
    const actor = requireAdmin(request);
    const paymentId = pathId(request, 'paymentId', 'payment');
    return ok(await refundPayment(billing, actor, paymentId, validate(refundBody, request.body)));
  });

  app.get('/api/admin/webhook-events', async (request) => {
    requireAdmin(request);
    return ok(await listWebhookEvents(deps.db, validate(eventsQuery, request.query)));
  });

  // Registered before `:eventId` routes read better; Fastify prefers the static segment anyway.
  app.post('/api/admin/webhook-events/replay-failed', async (request) => {
    const actor = requireAdmin(request);
    return ok(await replayFailedEvents(deps, actor));
  });

  const eventId = /^evt_[A-Za-z0-9_]{1,200}$/;
  app.get('/api/admin/webhook-events/:eventId', async (request) => {
    requireAdmin(request);
    return ok(await getWebhookEvent(deps.db, pathId(request, 'eventId', 'event', eventId)));
  });

  app.post('/api/admin/webhook-events/:eventId/replay', async (request) => {
    const actor = requireAdmin(request);
    return ok(await replayWebhookEvent(deps, actor, pathId(request, 'eventId', 'event', eventId)));
  });

  app.get('/api/admin/emails', async (request) => {
    requireAdmin(request);
    return ok(await listEmails(deps.db, validate(emailsQuery, request.query)));
  });

  app.post('/api/admin/emails/:emailId/resend', async (request) => {
    const actor = requireAdmin(request);
    return ok(await resendEmail(deps, actor, pathId(request, 'emailId', 'e-mail')));
  });

  app.get('/api/admin/audit-log', async (request) => {
    requireAdmin(request);
    return ok(await listAuditLog(deps.db, validate(auditQuery, request.query)));
  });

  app.get('/api/admin/metrics', async (request) => {
    requireAdmin(request);
    const query = validate(metricsQuery, request.query);
    const to = query.to ? new Date(query.to) : now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw validationFailed({ from: 'must be before to' });
    return ok(await computeMetrics(deps, { from, to }));
  });
}
