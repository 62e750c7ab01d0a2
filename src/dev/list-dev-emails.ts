import { desc, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox } from '../platform/db/schema/index.ts';

export async function listDevEmails(db: Db, to: string | undefined, limit = 100) {
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(to ? eq(emailOutbox.toAddress, to) : undefined)
    .orderBy(desc(emailOutbox.createdAt))
    .limit(limit);
  return rows.map((e) => ({
    id: e.id,
    to: e.toAddress,
    subject: e.subject,
    kind: e.kind,
    text: e.textBody,
    html: e.htmlBody,
    status: e.status,
    sentAt: e.sentAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  }));
}
