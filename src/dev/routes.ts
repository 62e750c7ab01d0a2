import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { ok } from '../http/reply.ts';
import { requireAdmin } from '../http/session.ts';
import { validate } from '../http/validate.ts';
import { listDevEmails } from './list-dev-emails.ts';
import { mailboxPage } from './mailbox-page.ts';
import { devStripeRoute } from './stripe-route.ts';

const query = z.object({ to: z.string().trim().toLowerCase().max(254).optional() });

/**
 * Development-mode routes (API.md § Development mode). The mailbox is open to anyone only in embedded
 * mode, on a developer's own machine; on a shared server it holds reset links, so it needs an admin.
 */
export function devRoutes(app: FastifyInstance, deps: AppDeps): void {
  devStripeRoute(app, { stripe: deps.stripe, appUrl: deps.config.appUrl });
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
