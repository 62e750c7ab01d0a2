import { count, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { isLive } from '../billing/domain/subscription-access.ts';
import { ensureCustomer } from '../billing/ensure-customer.ts';
import { currentSubscription, forgetCachedGrants } from '../billing/load-billing.ts';
import { stripePriceIdFor } from '../billing/stripe-price.ts';
import { applySubscription } from '../billing/sync/apply-subscription.ts';
import { accessGrants, subscriptions, type User } from '../platform/db/schema/index.ts';
import { conflict, validationFailed } from '../platform/errors.ts';
import { attachPaymentMethod, createAdminSubscription } from '../stripe/admin-subscriptions.ts';
import { writeAudit, type AuditActor } from './audit.ts';
import { findUserOr404 } from './find-user.ts';
import { grantView } from './views.ts';

export interface SetSubscriptionInput {
  tier: string;
  durationMonths: number;
  /** A grant of this many days instead of `durationMonths` (the CLI's `users grant --days`). */
  durationDays?: number | undefined;
  isPaid: boolean;
  comment?: string | undefined;
  autoRenew?: boolean | undefined;
  paymentMethodId?: string | undefined;
}

/** `months` calendar months later; the 31st of a shorter month becomes its last day. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * Gives a user a tier: unpaid, an admin grant of `durationMonths` months; paid, a real Stripe
 * subscription on the tier's monthly price charged to `paymentMethodId`, applied through the sync path.
 */
export async function setUserSubscription(
  deps: BillingDeps,
  actor: AuditActor,
  userId: string,
  input: SetSubscriptionInput,
) {
  const user = await findUserOr404(deps.db, userId);
  const plan = deps.catalog.plan(input.tier);
  if (!plan || plan.id === deps.catalog.free.id || plan.prices.length === 0)
    throw validationFailed({ tier: 'is not a paid plan of the catalog' });
  return input.isPaid ? subscribe(deps, actor, user, input) : grant(deps, actor, user, input);
}

async function grant(deps: BillingDeps, actor: AuditActor, user: User, input: SetSubscriptionInput) {
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(accessGrants)
      .values({
        userId: user.id,
        planId: input.tier,
        source: 'admin_grant',
        sourceRef: randomUUID(),
        startsAt: now,
        endsAt: input.durationDays
          ? new Date(now.getTime() + input.durationDays * 86_400_000)
          : addMonths(now, input.durationMonths),
        status: 'active',
        comment: input.comment ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeAudit(
      tx,
      actor,
      {
        action: 'grant.create',
        targetType: 'user',
        targetId: user.id,
        before: null,
        after: grantView(inserted!),
        comment: input.comment,
      },
      now,
    );
    return inserted!;
  });
  forgetCachedGrants(user.id);
  return {
    message: input.durationDays
      ? `Granted ${input.tier} for ${input.durationDays} day(s).`
      : `Granted ${input.tier} for ${input.durationMonths} month(s).`,
    subscriptionId: row.id,
    status: row.status,
  };
}

async function subscribe(deps: BillingDeps, actor: AuditActor, user: User, input: SetSubscriptionInput) {
  if (!input.paymentMethodId)
    throw validationFailed({ paymentMethodId: 'is required for a paid subscription' });
  const price = deps.catalog
    .plan(input.tier)!
    .prices.find((p) => p.type === 'recurring' && p.interval === 'month');
  if (!price) throw validationFailed({ tier: 'has no monthly price' });
  const existing = await currentSubscription(deps.db, user.id);
  if (existing && isLive(existing))
    throw conflict('This user already has a live subscription; cancel it first.', 'ALREADY_SUBSCRIBED');

  const now = deps.clock.now();
  const stripePriceId = await stripePriceIdFor(deps.db, price);
  const customerId = await ensureCustomer(deps, user, now);
  const paymentMethodId = await attachPaymentMethod(deps.stripe.client, customerId, input.paymentMethodId);
  const autoRenew = input.autoRenew ?? true;
  const subscription = await createAdminSubscription(deps.stripe.client, {
    customerId,
    stripePriceId,
    paymentMethodId,
    cancelAtPeriodEnd: !autoRenew,
    userId: user.id,
    // One key per (user, price, nth subscription, card): a double click cannot subscribe twice, while
    // a retry with another card after a decline is a new request.
    requestId: `${user.id}:${price.id}:${await subscriptionCount(deps, user.id)}:${input.paymentMethodId}`,
  });
  await applySubscription(deps, subscription);
  await deps.db.transaction((tx) =>
    writeAudit(
      tx,
      actor,
      {
        action: 'subscription.create',
        targetType: 'user',
        targetId: user.id,
        before: existing ? { subscriptionId: existing.id, status: existing.status } : null,
        after: {
          subscriptionId: subscription.id,
          status: subscription.status,
          priceId: price.id,
          autoRenew,
          durationMonths: input.durationMonths,
        },
        comment: input.comment,
      },
      now,
    ),
  );
  forgetCachedGrants(user.id);
  return {
    message: `Subscribed to ${input.tier} (${price.id}).`,
    subscriptionId: subscription.id,
    status: subscription.status,
  };
}

async function subscriptionCount(deps: BillingDeps, userId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId));
  return row?.n ?? 0;
}
