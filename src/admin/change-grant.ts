import { eq } from 'drizzle-orm';
import { forgetCachedGrants } from '../billing/load-billing.ts';
import type { Db } from '../platform/db/database.ts';
import { accessGrants } from '../platform/db/schema/index.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { writeAudit, type AuditActor } from './audit.ts';
import { grantView } from './views.ts';

const DAY_MS = 86_400_000;

type Change = { kind: 'extend'; days: number } | { kind: 'revoke' };

/**
 * Extends an active grant by `days` (from its end, or from now when it already ended) or revokes it
 * now. A subscription's grant follows Stripe and cannot be changed here (409).
 */
export async function changeGrant(
  deps: { db: Db; clock: { now(): Date } },
  actor: AuditActor,
  grantId: string,
  change: Change,
) {
  const now = deps.clock.now();
  const updated = await deps.db.transaction(async (tx) => {
    const [grant] = await tx.select().from(accessGrants).where(eq(accessGrants.id, grantId)).for('update');
    if (!grant) throw notFound('No such grant.');
    if (grant.source === 'subscription')
      throw conflict("A subscription's access follows Stripe; change the subscription instead.");
    if (grant.status === 'revoked') throw conflict('This grant was revoked.');
    const set =
      change.kind === 'revoke'
        ? { status: 'revoked' as const, endsAt: now, updatedAt: now }
        : {
            status: 'active' as const,
            endsAt: new Date(
              Math.max(grant.endsAt?.getTime() ?? now.getTime(), now.getTime()) + change.days * DAY_MS,
            ),
            updatedAt: now,
          };
    const [row] = await tx.update(accessGrants).set(set).where(eq(accessGrants.id, grantId)).returning();
    await writeAudit(
      tx,
      actor,
      {
        action: `grant.${change.kind}`,
        targetType: 'grant',
        targetId: grantId,
        before: grantView(grant),
        after: grantView(row!),
        comment: change.kind === 'extend' ? `+${change.days} days` : null,
      },
      now,
    );
    return row!;
  });
  forgetCachedGrants(updated.userId);
  return { grant: grantView(updated) };
}
