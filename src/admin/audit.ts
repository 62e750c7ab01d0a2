import type { Db } from '../platform/db/database.ts';
import { auditLog } from '../platform/db/schema/index.ts';

/**
 * Who made a change: an admin account (a `User` fits), or an operator at the command line, who has no
 * account (`id` null, `email` like `cli:alice`).
 */
export interface AuditActor {
  id: string | null;
  email: string;
}

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
  comment?: string | null | undefined;
}

/** Call inside the transaction of the change it records (or right after a Stripe call that made it). */
export async function writeAudit(tx: Db, actor: AuditActor, entry: AuditInput, now: Date): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorEmail: actor.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: toJson(entry.before),
    after: toJson(entry.after),
    comment: entry.comment ?? null,
    createdAt: now,
  });
}

/** Dates become ISO strings, undefined becomes null: what is stored is what the log shows. */
const toJson = (value: unknown): unknown =>
  value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
