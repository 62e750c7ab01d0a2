import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { billingCustomers } from '../../platform/db/schema/index.ts';
import type { EventHandler } from './types.ts';

/** customer.updated|deleted: a deleted customer can no longer be charged or given a portal. */
export const customerChanged: EventHandler = async (deps, event) => {
  const customer = event.data.object as Stripe.Customer | Stripe.DeletedCustomer;
  const deleted = event.type === 'customer.deleted' || 'deleted' in customer;
  const updated = await deps.db
    .update(billingCustomers)
    .set({ deletedAt: deleted ? deps.clock.now() : null })
    .where(eq(billingCustomers.stripeCustomerId, customer.id))
    .returning({ userId: billingCustomers.userId });
  return updated.length > 0 ? 'processed' : 'ignored';
};
