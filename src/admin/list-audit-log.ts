import { count, desc } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { auditLog } from '../platform/db/schema/index.ts';
import { offsetOf, type Page } from './paging.ts';

/** Admin actions, newest first. `target` is `type:id`; both parts are also given on their own. */
export async function listAuditLog(db: Db, input: Page) {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    db.select({ n: count() }).from(auditLog),
  ]);
  return {
    entries: rows.map((e) => ({
      id: e.id,
      actor: { id: e.actorId, email: e.actorEmail },
      action: e.action,
      target: `${e.targetType}:${e.targetId}`,
      targetType: e.targetType,
      targetId: e.targetId,
      before: e.before,
      after: e.after,
      comment: e.comment,
      createdAt: e.createdAt.toISOString(),
    })),
    total: total?.n ?? 0,
  };
}
