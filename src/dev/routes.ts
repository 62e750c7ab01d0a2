import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { ok } from '../http/reply.ts';
import { requireAdmin } from '../http/session.ts';
import { validate } from '../http/validate.ts';
import { listDevEmails } from './list-dev-emails.ts';
import { mailboxPage } from './mailbox-page.ts';
import { devStripeRoute } from './stripe-route.ts';
import { advanceTime } from './advance-time.ts';
import { billingDepsOf } from '../billing/billing-deps.ts';
import { DevClock, isMovable } from '../platform/dev-clock.ts';
import { AppError } from '../platform/errors.ts';

const query = z.object({ to: z.string().trim().toLowerCase().max(254).optional() });

/**
 * Development-mode routes (API.md § Development mode). The mailbox is open to anyone only in embedded
 * mode, on a developer's own machine; on a shared server it holds reset links, so it needs an admin.
 */
const advanceBody = z
  .object({
    days: z.number({ error: 'must be a number' }).int().min(0).max(3650).optional(),
    hours: z.number({ error: 'must be a number' }).int().min(0).max(87_600).optional(),
    to: z.iso.datetime({ error: 'must be an ISO-8601 time' }).optional(),
  })
  .refine((b) => b.days || b.hours || b.to, { message: 'give days, hours or to' });

export function devRoutes(app: FastifyInstance, deps: AppDeps): void {
  devStripeRoute(app, { stripe: deps.stripe, appUrl: deps.config.appUrl });

  app.get('/api/dev/clock', async (request) => {
    requireAdmin(request);
    return ok({ now: deps.clock.now().toISOString(), movable: isMovable(deps.clock) });
  });

  app.post('/api/dev/clock/advance', async (request) => {
    requireAdmin(request);
    const body = validate(advanceBody, request.body);
    const clock = deps.clock;
    if (!isMovable(clock)) throw new AppError(409, 'CLOCK_NOT_MOVABLE', 'This app runs on the system clock.');
    const to = body.to
      ? new Date(body.to)
      : new Date(clock.now().getTime() + ((body.days ?? 0) * 24 + (body.hours ?? 0)) * 3600 * 1000);
    const now = await advanceTime(
      {
        ...billingDepsOf(deps),
        clock,
        mailer: deps.mailer,
        workers: deps.workers,
        saveClock: clock instanceof DevClock ? () => clock.save(deps.db) : undefined,
      },
      to,
    );
    return ok({ now: now.toISOString() });
  });
  const mailboxAccess = (request: FastifyRequest) => {
    if (!deps.config.embedded) requireAdmin(request);
  };

  app.get('/api/dev/emails', async (request) => {
    mailboxAccess(request);
    const { to } = validate(query, request.query);
    return ok({ emails: await listDevEmails(deps.db, to) });
  });

  app.get('/dev/mail', async (request, reply) => {
    mailboxAccess(request);
    const { to } = validate(query, request.query);
    return reply.type('text/html; charset=utf-8').send(mailboxPage(await listDevEmails(deps.db, to)));
  });
}
