import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** The webhook inbox: an event is acknowledged only once it is here (its Stripe id is the key). */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    objectId: text('object_id'),
    stripeCreatedAt: at('stripe_created_at').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'processed', 'failed', 'ignored'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: at('received_at').notNull(),
    processedAt: at('processed_at'),
  },
  (t) => [
    index('stripe_events_status_idx').on(t.status, t.receivedAt),
    index('stripe_events_type_idx').on(t.type, t.receivedAt),
  ],
);

export type StripeEventRow = typeof stripeEvents.$inferSelect;
