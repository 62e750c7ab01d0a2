import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { checkoutSessions } from '../../platform/db/schema/index.ts';
import type { EventHandler } from './types.ts';

/** checkout.session.expired and async_payment_failed: the session ends without access. */
export const checkoutSessionClosed: EventHandler = async (deps, event) => {
  const session = event.data.object as Stripe.Checkout.Session;
  const updated = await deps.db
    .update(checkoutSessions)
    .set({
      status: event.type === 'checkout.session.expired' ? 'expired' : 'complete',
      paymentStatus: session.payment_status,
    })
    .where(eq(checkoutSessions.id, session.id))
    .returning({ id: checkoutSessions.id });
  return updated.length > 0 ? 'processed' : 'ignored';
};
