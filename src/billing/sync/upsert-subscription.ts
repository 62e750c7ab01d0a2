import type { Db } from '../../platform/db/database.ts';
import { subscriptions, type SubscriptionRow } from '../../platform/db/schema/index.ts';
import { setFromExcluded } from './excluded.ts';
import { slotsFor, statementOnce } from './statement-once.ts';

/** A subscription's row as mirrored; every key is written (none left to its default). */
export type SubscriptionUpsert = Omit<SubscriptionRow, 'cancellationReason' | 'cancellationFeedback'>;

// The columns the upsert writes, in the order applySubscription lists them; the compiler checks the list.
const WRITTEN = {
  userId: true,
  stripeCustomerId: true,
  status: true,
  planId: true,
  priceId: true,
  stripePriceId: true,
  interval: true,
  amount: true,
  currency: true,
  mrr: true,
  discounts: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  trialStart: true,
  trialEnd: true,
  cancelAtPeriodEnd: true,
  cancelAt: true,
  canceledAt: true,
  endedAt: true,
  paused: true,
  endReason: true,
  stripeCreatedAt: true,
  lastEventAt: true,
  fetched: true,
  syncedAt: true,
} satisfies Record<keyof Omit<SubscriptionUpsert, 'id'>, true>;

/** The subscription's upsert, a slot for each value: a new row, or the stored one overwritten. */
export const subscriptionUpsert = (db: Db) =>
  db
    .insert(subscriptions)
    .values(slotsFor({ id: true, ...WRITTEN }) as unknown as SubscriptionUpsert)
    .onConflictDoUpdate({ target: subscriptions.id, set: setFromExcluded(subscriptions, WRITTEN) });

export const upsertSubscription = statementOnce<SubscriptionUpsert>('tollgate_upsert_subscription', (db) =>
  subscriptionUpsert(db).prepare('tollgate_upsert_subscription'),
);
