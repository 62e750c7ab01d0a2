import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';
import { users } from './accounts.ts';

/**
 * Every e-mail is written here in the same transaction as the change that causes it; the dedupe
 * key makes a retried job or a duplicate event unable to mail twice.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When delivery may next be tried (backoff after an SMTP failure). */
    nextAttemptAt: at('next_attempt_at'),
    /** A sender holds the row until then; after a crash another sender takes it over. */
    claimedUntil: at('claimed_until'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_key_key').on(t.dedupeKey),
    index('email_outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('email_outbox_to_address_idx').on(t.toAddress, t.createdAt),
  ],
);

export type OutboxEmail = typeof emailOutbox.$inferSelect;
