import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { subscriptions, type SubscriptionRow } from '../../platform/db/schema/index.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { decide, nextWatermark, type Origin } from '../domain/event-order.ts';
import { discountedMrr, rememberDiscounts } from '../domain/mrr.ts';
import { discountTermsOf } from './discount-terms.ts';
import { catalogPriceFor, fromUnix, fromUnixOrNull, idOf, knownUserIdForCustomer } from './stripe-ids.ts';
import { syncSubscriptionGrant } from './sync-subscription-grant.ts';
import { slot, statementOnce } from './statement-once.ts';
import { queueSubscriptionEmails } from './lifecycle-emails.ts';

export type ApplyResult = 'applied' | 'stale' | 'refetch' | 'unknown_customer';

// Every subscription event runs this and the upserts (upsert-subscription.ts), built once.
const lockSubscription = statementOnce<{ id: string }, SubscriptionRow[]>(
  'tollgate_lock_subscription',
  (db) =>
    db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, slot<string>('id')))
      .for('update')
      .prepare('tollgate_lock_subscription'),
);

/**
 * Writes a subscription into the mirror and its access grant. An event's payload applies only if
 * newer than what is stored (see `decide`); a fetched object is the current truth.
 */
export async function applySubscription(
  deps: BillingDeps,
  sub: Stripe.Subscription,
  origin: Origin = { kind: 'fetch' },
): Promise<ApplyResult> {
  const now = deps.clock.now();
  const discounts = await discountTermsOf(deps, sub);
  return deps.db.transaction(async (tx) => {
    const userId = await knownUserIdForCustomer(deps, tx, idOf(sub.customer));
    if (!userId) return 'unknown_customer';
    const lockStored = () => lockSubscription(tx, { id: sub.id });
    let [stored] = await lockStored();
    if (!stored) {
      // No row to lock yet: two first writers (a webhook and a fetch) would both insert and the last to
      // commit would win, whatever its age. Serialize them on the id; the second then sees the row.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${sub.id}, 0))`);
      [stored] = await lockStored();
    }
    const order = decide(stored, origin);
    if (order !== 'apply') return order;
    const item = sub.items.data[0];
    if (!item) throw new Error(`subscription ${sub.id} has no items`);
    const { priceId, planId } = catalogPriceFor(item.price, deps.catalog);
    const amount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
    const values = {
      userId,
      stripeCustomerId: idOf(sub.customer)!,
      status: sub.status,
      planId,
      priceId,
      stripePriceId: item.price.id,
      interval: item.price.recurring?.interval ?? null,
      amount,
      currency: sub.currency,
      mrr:
        ['active', 'past_due'].includes(sub.status) && !sub.pause_collection
          ? discountedMrr(
              { amount, interval: item.price.recurring?.interval ?? null, currency: sub.currency },
              discounts,
              now.getTime(),
            )
          : 0,
      discounts: rememberDiscounts(stored?.discounts, discounts),
      currentPeriodStart: fromUnix(item.current_period_start),
      currentPeriodEnd: fromUnix(item.current_period_end),
      trialStart: fromUnixOrNull(sub.trial_start),
      trialEnd: fromUnixOrNull(sub.trial_end),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      cancelAt: fromUnixOrNull(sub.cancel_at),
      canceledAt: fromUnixOrNull(sub.canceled_at),
      endedAt: fromUnixOrNull(sub.ended_at),
      paused: sub.pause_collection !== null || sub.status === 'paused',
      endReason: sub.cancellation_details?.reason ?? null,
      stripeCreatedAt: fromUnix(sub.created),
      ...nextWatermark(stored, origin),
      syncedAt: now,
    };
    await syncSubscriptionGrant(
      tx,
      { id: sub.id, ...values, startDate: fromUnix(sub.start_date) },
      deps,
      now,
      { id: sub.id, ...values },
    );
    await queueSubscriptionEmails(tx, deps, sub.id, stored, values, now);
    return 'applied';
  });
}
