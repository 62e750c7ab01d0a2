import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { emailOutbox } from '../platform/db/schema/index.ts';
import { offsetOf, type Page } from './paging.ts';
import { emailView } from './views.ts';

/** The e-mail outbox, newest first, by user and kind. */
export async function listEmails(
  db: Db,
  input: Page & { userId?: string | undefined; kind?: string | undefined },
) {
  const filters: SQL[] = [];
  if (input.userId) filters.push(eq(emailOutbox.userId, input.userId));
  if (input.kind) filters.push(eq(emailOutbox.kind, input.kind));
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(emailOutbox)
      .where(where)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    db.select({ n: count() }).from(emailOutbox).where(where),
  ]);
  return { emails: rows.map(emailView), total: total?.n ?? 0 };
}
