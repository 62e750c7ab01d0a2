import { and, eq } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { isLive } from '../billing/domain/subscription-access.ts';
import { currentSubscription, forgetCachedGrants } from '../billing/load-billing.ts';
import { applySubscription } from '../billing/sync/apply-subscription.ts';
import { accessGrants } from '../platform/db/schema/index.ts';
import { conflict } from '../platform/errors.ts';
import { cancelSubscriptionNow, setCancelAtPeriodEnd } from '../stripe/subscriptions.ts';
import { writeAudit, type AuditActor } from './audit.ts';
import { findUserOr404 } from './find-user.ts';

/**
 * Ends what gives the user paid access: the live Stripe subscription (at its period end unless
 * `immediately`) and every active admin grant (revoked now). 409 when there is neither.
 */
export async function cancelUserSubscription(
  deps: BillingDeps,
  actor: AuditActor,
  userId: string,
  input: { immediately: boolean },
) {
  await findUserOr404(deps.db, userId);
  const subscription = await currentSubscription(deps.db, userId);
  const live = subscription && isLive(subscription) ? subscription : undefined;
  let after: { status: string; cancelAtPeriodEnd: boolean } | null = null;
  if (live) {
    const updated = input.immediately
      ? await cancelSubscriptionNow(deps.stripe.client, live.id)
      : await setCancelAtPeriodEnd(deps.stripe.client, live.id, true);
    await applySubscription(deps, updated);
    after = { status: updated.status, cancelAtPeriodEnd: updated.cancel_at_period_end };
  }
  const now = deps.clock.now();
  const revoked = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(accessGrants)
      .set({ status: 'revoked', endsAt: now, updatedAt: now })
      .where(
        and(
          eq(accessGrants.userId, userId),
          eq(accessGrants.source, 'admin_grant'),
          eq(accessGrants.status, 'active'),
        ),
      )
      .returning({ id: accessGrants.id });
    if (live || rows.length > 0) {
      await writeAudit(
        tx,
        actor,
        {
          action: 'subscription.cancel',
          targetType: 'user',
          targetId: userId,
          before: {
            subscription: live
              ? { id: live.id, status: live.status, cancelAtPeriodEnd: live.cancelAtPeriodEnd }
              : null,
          },
          after: {
            subscription: live && after ? { id: live.id, ...after } : null,
            revokedGrants: rows.map((r) => r.id),
            immediately: input.immediately,
          },
        },
        now,
      );
    }
    return rows;
  });
  forgetCachedGrants(userId);
  if (!live && revoked.length === 0) throw conflict('This user has no subscription or grant to cancel.');
  const parts = [
    live ? (input.immediately ? 'Subscription canceled.' : 'Subscription will end at the period end.') : null,
    revoked.length > 0 ? `${revoked.length} grant(s) revoked.` : null,
  ];
  return { message: parts.filter(Boolean).join(' ') };
}
