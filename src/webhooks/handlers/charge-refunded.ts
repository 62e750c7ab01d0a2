import { and, eq, sum } from 'drizzle-orm';
import type Stripe from 'stripe';
import { paymentLog } from '../../platform/db/schema/index.ts';
import { recordPayment } from '../../billing/sync/record-payment.ts';
import { idOf, userIdForCustomer } from '../../billing/sync/stripe-ids.ts';
import type { EventHandler } from './types.ts';

/** charge.refunded: log what was refunded since the last time, keyed by the running refunded total. */
export const chargeRefunded: EventHandler = async (deps, event) => {
  const charge = event.data.object as Stripe.Charge;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const userId = await userIdForCustomer(tx, idOf(charge.customer));
    if (!userId) return 'ignored';
    const [logged] = await tx
      .select({ total: sum(paymentLog.amount) })
      .from(paymentLog)
      .where(and(eq(paymentLog.kind, 'refund'), eq(paymentLog.chargeId, charge.id)));
    const amount = charge.amount_refunded - Number(logged?.total ?? 0);
    if (amount > 0) {
      await recordPayment(tx, {
        userId,
        kind: 'refund',
        stripeRef: `${charge.id}:${charge.amount_refunded}`,
        amount,
        currency: charge.currency,
        chargeId: charge.id,
        description: charge.refunded ? 'Refund (full)' : 'Refund (partial)',
        occurredAt: new Date(event.created * 1000),
        createdAt: now,
      });
    }
    return 'processed';
  });
};
