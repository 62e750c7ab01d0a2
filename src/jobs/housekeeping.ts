import { and, eq, inArray, lt } from 'drizzle-orm';
import { pruneLoginFailures } from '../accounts/login-throttle.ts';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox, passwordResetTokens, sessions, stripeEvents } from '../platform/db/schema/index.ts';

export const EVENT_RETENTION_DAYS = 90;
export const SENT_MAIL_RETENTION_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

/** Daily: processed webhook events and sent mail older than 90 days, expired sessions and tokens. */
export async function housekeeping(db: Db, now: Date) {
  const eventsBefore = new Date(now.getTime() - EVENT_RETENTION_DAYS * DAY_MS);
  const mailBefore = new Date(now.getTime() - SENT_MAIL_RETENTION_DAYS * DAY_MS);
  const events = await db
    .delete(stripeEvents)
    .where(
      and(inArray(stripeEvents.status, ['processed', 'ignored']), lt(stripeEvents.receivedAt, eventsBefore)),
    )
    .returning({ id: stripeEvents.id });
  const mails = await db
    .delete(emailOutbox)
    .where(and(eq(emailOutbox.status, 'sent'), lt(emailOutbox.sentAt, mailBefore)))
    .returning({ id: emailOutbox.id });
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, now));
  await pruneLoginFailures(db, now);
  return { eventsDeleted: events.length, mailsDeleted: mails.length };
}
