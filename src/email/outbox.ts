import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox, users } from '../platform/db/schema/index.ts';
import type { MailTransport } from './transport.ts';
import type { RenderedEmail } from './templates/layout.ts';

export interface OutgoingEmail extends RenderedEmail {
  /** One e-mail per key, ever: a retried job or a duplicate event cannot send twice. */
  dedupeKey: string;
  kind: string;
  to: string;
  userId?: string | null;
}

/** Kinds a user may opt out of; receipts, billing and security mail always go out. */
export const REMINDER_KINDS = new Set(['expiry_warning', 'renewal_reminder']);
export const MAX_ATTEMPTS = 12;
const CLAIM_MS = 2 * 60 * 1000;

/** Call inside the transaction of the change that causes the mail; returns whether it was queued. */
export async function enqueueEmail(db: Db, email: OutgoingEmail, now: Date): Promise<boolean> {
  if (REMINDER_KINDS.has(email.kind) && email.userId) {
    const [user] = await db
      .select({ ok: users.emailReminders })
      .from(users)
      .where(eq(users.id, email.userId));
    if (user && !user.ok) return false;
  }
  const inserted = await db
    .insert(emailOutbox)
    .values({
      dedupeKey: email.dedupeKey,
      userId: email.userId ?? null,
      toAddress: email.to,
      kind: email.kind,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      createdAt: now,
      nextAttemptAt: now,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return inserted.length > 0;
}

/**
 * Queues many mails in one statement (the hourly sweeps); reminder kinds skip users who opted out.
 * Returns how many were new.
 */
export async function enqueueEmails(db: Db, emails: OutgoingEmail[], now: Date): Promise<number> {
  if (emails.length === 0) return 0;
  const userIds = [
    ...new Set(emails.filter((e) => REMINDER_KINDS.has(e.kind) && e.userId).map((e) => e.userId!)),
  ];
  const optedOut = new Set(
    userIds.length === 0
      ? []
      : (
          await db
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, userIds), eq(users.emailReminders, false)))
        ).map((r) => r.id),
  );
  const rows = emails.filter((e) => !(REMINDER_KINDS.has(e.kind) && e.userId && optedOut.has(e.userId)));
  if (rows.length === 0) return 0;
  // One statement with one array per column: thousands of rows cost one round trip and a few params.
  const column = <T>(pick: (e: OutgoingEmail) => T) => sql.param(rows.map(pick));
  const result = await db.execute(sql`
    insert into email_outbox (dedupe_key, user_id, to_address, kind, subject, text_body, html_body, created_at, next_attempt_at)
    select d, u, t, k, s, x, h, ${now}, ${now}
    from unnest(${column((e) => e.dedupeKey)}::text[], ${column((e) => e.userId ?? null)}::uuid[], ${column((e) => e.to)}::text[],
                ${column((e) => e.kind)}::text[], ${column((e) => e.subject)}::text[], ${column((e) => e.text)}::text[],
                ${column((e) => e.html)}::text[]) as rows(d, u, t, k, s, x, h)
    on conflict (dedupe_key) do nothing
    returning id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/** Exponential backoff from 30 s to an hour while the mail server fails. */
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3600_000);

/**
 * Sends due mail. Rows are claimed in a short transaction (SKIP LOCKED, so senders in several
 * processes never take the same row), then sent with no transaction open: SMTP is network I/O.
 * A failure keeps the row pending with a later attempt time; after MAX_ATTEMPTS it is `failed`.
 */
export async function deliverPendingEmails(
  db: Db,
  transport: MailTransport,
  clock: () => Date,
  limit = 50,
): Promise<{ sent: number; failed: number }> {
  const now = clock();
  const claimed = await db
    .update(emailOutbox)
    .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: sql`${emailOutbox.attempts} + 1` })
    .where(
      inArray(
        emailOutbox.id,
        db
          .select({ id: emailOutbox.id })
          .from(emailOutbox)
          .where(
            and(
              eq(emailOutbox.status, 'pending'),
              or(isNull(emailOutbox.nextAttemptAt), lte(emailOutbox.nextAttemptAt, now)),
              or(isNull(emailOutbox.claimedUntil), lte(emailOutbox.claimedUntil, now)),
            ),
          )
          .orderBy(asc(emailOutbox.nextAttemptAt))
          .limit(limit)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning();
  let sent = 0;
  let failed = 0;
  for (const email of claimed) {
    try {
      await transport.send({
        id: email.id,
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
      await db
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: clock(), lastError: null, claimedUntil: null })
        .where(eq(emailOutbox.id, email.id));
      sent += 1;
    } catch (error) {
      failed += 1;
      const giveUp = email.attempts >= MAX_ATTEMPTS;
      await db
        .update(emailOutbox)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: String((error as Error).message ?? error).slice(0, 1000),
          nextAttemptAt: new Date(clock().getTime() + retryDelayMs(email.attempts)),
          claimedUntil: null,
        })
        .where(eq(emailOutbox.id, email.id));
    }
  }
  return { sent, failed };
}
