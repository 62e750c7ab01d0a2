import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SubscriptionDiscount } from '../../../billing/domain/mrr.ts';
import { at } from './columns.ts';
import { users } from './accounts.ts';

/** Catalog prices as synced to Stripe: our stable price id (also the Stripe lookup_key) → Stripe's ids. */
export const catalogPrices = pgTable('catalog_prices', {
  id: text('id').primaryKey(),
  planId: text('plan_id').notNull(),
  stripeProductId: text('stripe_product_id').notNull(),
  stripePriceId: text('stripe_price_id').notNull(),
  amount: integer('amount').notNull(),
  currency: text('currency').notNull(),
  syncedAt: at('synced_at').notNull(),
});

/** One Stripe customer per user, created with an idempotency key so double clicks never make two. */
export const billingCustomers = pgTable(
  'billing_customers',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    testClockId: text('test_clock_id'),
    deletedAt: at('deleted_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('billing_customers_stripe_customer_id_key').on(t.stripeCustomerId)],
);

export const checkoutSessions = pgTable(
  'checkout_sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    priceId: text('price_id').notNull(),
    mode: text('mode', { enum: ['subscription', 'payment'] }).notNull(),
    status: text('status', { enum: ['open', 'complete', 'expired'] }).notNull(),
    paymentStatus: text('payment_status').notNull(),
    url: text('url'),
    expiresAt: at('expires_at').notNull(),
    createdAt: at('created_at').notNull(),
    completedAt: at('completed_at'),
    appliedAt: at('applied_at'),
  },
  (t) => [index('checkout_sessions_user_id_idx').on(t.userId, t.createdAt)],
);

/** The mirror of Stripe subscriptions; only the sync path (webhooks, fetches) writes it. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    status: text('status').notNull(),
    planId: text('plan_id'),
    priceId: text('price_id'),
    stripePriceId: text('stripe_price_id').notNull(),
    interval: text('interval'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    /** Monthly recurring revenue of this subscription after discounts, in minor units. */
    mrr: integer('mrr').notNull().default(0),
    /** Every discount seen on it (terms never change; history needs the old ones), `current` if still on it. */
    discounts: jsonb('discounts').$type<SubscriptionDiscount[]>().notNull().default([]),
    currentPeriodStart: at('current_period_start').notNull(),
    currentPeriodEnd: at('current_period_end').notNull(),
    trialStart: at('trial_start'),
    trialEnd: at('trial_end'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: at('cancel_at'),
    canceledAt: at('canceled_at'),
    endedAt: at('ended_at'),
    paused: boolean('paused').notNull().default(false),
    cancellationReason: text('cancellation_reason'),
    cancellationFeedback: text('cancellation_feedback'),
    /** Stripe's cancellation_details.reason: `payment_failed` (Stripe gave up) or `cancellation_requested`. */
    endReason: text('end_reason'),
    stripeCreatedAt: at('stripe_created_at').notNull(),
    /** `created` of the newest Stripe event applied; an older event is stale, an equal one is re-fetched. */
    lastEventAt: bigint('last_event_at', { mode: 'number' }).notNull().default(0),
    /** The stored state was fetched, not taken from an event: the next event re-fetches. */
    fetched: boolean('fetched').notNull().default(false),
    syncedAt: at('synced_at').notNull(),
  },
  (t) => [index('subscriptions_user_id_idx').on(t.userId), index('subscriptions_status_idx').on(t.status)],
);

export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    subscriptionId: text('subscription_id'),
    number: text('number'),
    status: text('status').notNull(),
    amountDue: integer('amount_due').notNull(),
    amountPaid: integer('amount_paid').notNull(),
    currency: text('currency').notNull(),
    billingReason: text('billing_reason'),
    periodStart: at('period_start'),
    periodEnd: at('period_end'),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdf: text('invoice_pdf'),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextPaymentAttemptAt: at('next_payment_attempt_at'),
    stripeCreatedAt: at('stripe_created_at').notNull(),
    /** `created` of the newest Stripe event applied; an older event is stale, an equal one is re-fetched. */
    lastEventAt: bigint('last_event_at', { mode: 'number' }).notNull().default(0),
    /** The stored state was fetched, not taken from an event: the next event re-fetches. */
    fetched: boolean('fetched').notNull().default(false),
    syncedAt: at('synced_at').notNull(),
  },
  (t) => [index('invoices_user_id_idx').on(t.userId, t.stripeCreatedAt)],
);

/** Every charge, refund and failure with its amount; `stripeRef` makes recording idempotent. */
export const paymentLog = pgTable(
  'payment_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['charge', 'refund', 'failure'] }).notNull(),
    stripeRef: text('stripe_ref').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    invoiceId: text('invoice_id'),
    subscriptionId: text('subscription_id'),
    chargeId: text('charge_id'),
    description: text('description').notNull(),
    failureMessage: text('failure_message'),
    occurredAt: at('occurred_at').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('payment_log_kind_ref_key').on(t.kind, t.stripeRef),
    index('payment_log_user_id_idx').on(t.userId, t.occurredAt),
    index('payment_log_occurred_at_idx').on(t.occurredAt),
  ],
);

/** Access is its own small model: each grant gives a plan for a window (DESIGN.md principle 2). */
export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    planId: text('plan_id').notNull(),
    source: text('source', { enum: ['subscription', 'one_time', 'admin_grant'] }).notNull(),
    /** The subscription id, checkout session id or admin grant id this window comes from. */
    sourceRef: text('source_ref').notNull(),
    startsAt: at('starts_at').notNull(),
    /** Null while a subscription's status alone decides (past_due during Stripe's retries). */
    endsAt: at('ends_at'),
    status: text('status', { enum: ['active', 'ended', 'revoked'] })
      .notNull()
      .default('active'),
    comment: text('comment'),
    /** A renewing subscription's window moves on by itself: no expiry warning for it. */
    renews: boolean('renews').notNull().default(false),
    /** The `endsAt` an expiry warning was sent for: one warning per access window. */
    warnedForEndsAt: at('warned_for_ends_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('access_grants_source_key').on(t.source, t.sourceRef),
    index('access_grants_user_active_idx')
      .on(t.userId)
      .where(sql`status = 'active'`),
    index('access_grants_ends_at_idx')
      .on(t.endsAt)
      .where(sql`status = 'active'`),
  ],
);

export const aiGenerations = pgTable(
  'ai_generations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    prompt: text('prompt').notNull(),
    output: text('output').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('ai_generations_user_id_idx').on(t.userId, t.createdAt)],
);

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type AccessGrant = typeof accessGrants.$inferSelect;
export type PaymentLogRow = typeof paymentLog.$inferSelect;
