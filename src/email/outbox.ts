import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox } from '../platform/db/schema/index.ts';
import type { MailTransport } from './transport.ts';
import type { RenderedEmail } from './templates/layout.ts';

export interface OutgoingEmail extends RenderedEmail {
  /** One e-mail per key, ever: a retried job or a duplicate event cannot send twice. */
  dedupeKey: string;
  kind: string;
  to: string;
  userId?: string | null;
}

/** Call inside the transaction of the change that causes the mail. */
export async function enqueueEmail(db: Db, email: OutgoingEmail, now: Date): Promise<void> {
  await db
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
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey });
}

/** Sends pending mail after the transaction that queued it has committed; returns how many went out. */
export async function deliverPendingEmails(
  db: Db,
  transport: MailTransport,
  now: () => Date,
  limit = 50,
): Promise<number> {
  const pending = await db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.status, 'pending'))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(limit);
  let sent = 0;
  for (const email of pending) {
    try {
      await transport.send({
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
      await db
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: now(), attempts: email.attempts + 1, lastError: null })
        .where(and(eq(emailOutbox.id, email.id), eq(emailOutbox.status, 'pending')));
      sent += 1;
    } catch (error) {
      await db
        .update(emailOutbox)
        .set({ attempts: email.attempts + 1, lastError: String((error as Error).message ?? error) })
        .where(eq(emailOutbox.id, email.id));
    }
  }
  return sent;
}
