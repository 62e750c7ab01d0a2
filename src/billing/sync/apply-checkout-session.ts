import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { accessGrants, checkoutSessions } from '../../platform/db/schema/index.ts';
import { retrieveSubscription } from '../../stripe/subscriptions.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { passWindow } from '../domain/access.ts';
import { applySubscription } from './apply-subscription.ts';
import { recordPayment } from './record-payment.ts';
import { mailUser } from './lifecycle-emails.ts';
import { passConfirmationEmail } from '../../email/templates/lifecycle.ts';
import { fromUnix, idOf } from './stripe-ids.ts';

export type CheckoutApplyResult = 'applied' | 'already_applied' | 'not_paid' | 'unknown_session';

const isPaid = (session: Stripe.Checkout.Session) =>
  session.status === 'complete' && ['paid', 'no_payment_required'].includes(session.payment_status);

/**
 * The one code path that turns a paid Checkout session into access, used by the webhook and by the
 * success page alike; whichever comes second finds it applied.
 */
export async function applyCheckoutSession(
  deps: BillingDeps,
  session: Stripe.Checkout.Session,
): Promise<CheckoutApplyResult> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(checkoutSessions)
      .where(eq(checkoutSessions.id, session.id))
      .for('update');
    // Sessions this app did not create (another app on the same account, a forged event) are not ours.
    if (!row) return 'unknown_session' as const;
    await tx
      .update(checkoutSessions)
      .set({
        status: (session.status as typeof row.status | null) ?? row.status,
        paymentStatus: session.payment_status,
        completedAt: session.status === 'complete' ? (row.completedAt ?? now) : row.completedAt,
      })
      .where(eq(checkoutSessions.id, session.id));
    if (!isPaid(session)) return 'not_paid' as const;
    // Re-applying a subscription is harmless (the mirror converges), so only passes are gated here.
    if (session.mode !== 'payment') return 'subscription' as const;
    if (row.appliedAt) return 'already_applied' as const;
    await tx.update(checkoutSessions).set({ appliedAt: now }).where(eq(checkoutSessions.id, session.id));

    const price = deps.catalog.price(row.priceId);
    if (!price || price.type !== 'one_time')
      throw new Error(`checkout ${session.id}: ${row.priceId} is not a pass`);
    const existing = await tx
      .select()
      .from(accessGrants)
      .where(and(eq(accessGrants.userId, row.userId), eq(accessGrants.status, 'active')));
    const window = passWindow(existing, price.durationDays, now);
    await tx
      .insert(accessGrants)
      .values({
        userId: row.userId,
        planId: price.planId,
        source: 'one_time',
        sourceRef: session.id,
        ...window,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [accessGrants.source, accessGrants.sourceRef] });
    await mailUser(tx, row.userId, now, (user) => ({
      dedupeKey: `pass:${session.id}`,
      kind: 'pass_confirmation',
      ...passConfirmationEmail({
        name: user.name,
        appUrl: deps.appUrl,
        planName: deps.catalog.plan(price.planId)?.name ?? price.planId,
        amount: session.amount_total ?? price.amount,
        currency: session.currency ?? price.currency,
        accessUntil: window.endsAt,
      }),
    }));
    await recordPayment(tx, {
      userId: row.userId,
      kind: 'charge',
      stripeRef: idOf(session.payment_intent) ?? session.id,
      amount: session.amount_total ?? price.amount,
      currency: session.currency ?? price.currency,
      description: `${deps.catalog.plan(price.planId)?.name ?? price.planId} pass, ${price.durationDays} days`,
      occurredAt: session.created ? fromUnix(session.created) : now,
      createdAt: now,
    });
    return 'applied' as const;
  });

  if (outcome !== 'subscription') return outcome;
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId)
    await applySubscription(deps, await retrieveSubscription(deps.stripe.client, subscriptionId));
  await deps.db.update(checkoutSessions).set({ appliedAt: now }).where(eq(checkoutSessions.id, session.id));
  return 'applied';
}
