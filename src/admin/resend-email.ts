import { eq } from 'drizzle-orm';
import type { JobQueue } from '../jobs/queue.ts';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';
import { writeAudit, type AuditActor } from './audit.ts';
import { emailView } from './views.ts';

/** Queues a copy of a mail as a new outbox row (its own dedupe key) and asks a worker to send it now. */
export async function resendEmail(
  deps: { db: Db; queue: JobQueue; clock: { now(): Date } },
  actor: AuditActor,
  emailId: string,
) {
  const now = deps.clock.now();
  const copy = await deps.db.transaction(async (tx) => {
    const [original] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, emailId));
    if (!original) throw notFound('No such e-mail.');
    const [row] = await tx
      .insert(emailOutbox)
      .values({
        dedupeKey: `resend:${original.id}:${now.getTime()}`,
        userId: original.userId,
        toAddress: original.toAddress,
        kind: original.kind,
        subject: original.subject,
        textBody: original.textBody,
        htmlBody: original.htmlBody,
        createdAt: now,
        nextAttemptAt: now,
      })
      .returning();
    await writeAudit(
      tx,
      actor,
      {
        action: 'email.resend',
        targetType: 'email',
        targetId: original.id,
        before: emailView(original),
        after: emailView(row!),
      },
      now,
    );
    return row!;
  });
  await deps.queue.kickEmail();
  return { email: emailView(copy) };
}
