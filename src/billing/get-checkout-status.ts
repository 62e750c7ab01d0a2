import { and, eq } from 'drizzle-orm';
import { checkoutSessions, type User } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';
import { retrieveCheckoutSession } from '../stripe/checkout.ts';
import type { BillingDeps } from './billing-deps.ts';
import { loadBilling } from './load-billing.ts';
import { applyCheckoutSession } from './sync/apply-checkout-session.ts';

/** Called by the success page: applies a paid session at once, so the user has access on that page. */
export async function getCheckoutStatus(deps: BillingDeps, user: User, sessionId: string) {
  const [row] = await deps.db
    .select({ id: checkoutSessions.id })
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.id, sessionId), eq(checkoutSessions.userId, user.id)))
    .limit(1);
  // Someone else's session looks exactly like one that does not exist.
  if (!row) throw notFound('No such checkout session.');
  const session = await retrieveCheckoutSession(deps.stripe.client, sessionId);
  await applyCheckoutSession(deps, session);
  return {
    status: session.status,
    paymentStatus: session.payment_status,
    billing: await loadBilling(deps.db, deps.catalog, user.id, deps.clock.now()),
  };
}
