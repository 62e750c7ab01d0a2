import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { users, type SubscriptionRow } from '../../platform/db/schema/index.ts';
import { enqueueEmail, type OutgoingEmail } from '../../email/outbox.ts';
import {
  accessExpiredEmail,
  planChangedEmail,
  subscriptionCanceledEmail,
  subscriptionConfirmationEmail,
} from '../../email/templates/lifecycle.ts';
import type { BillingDeps } from '../billing-deps.ts';

type SubscriptionState = Omit<SubscriptionRow, 'id' | 'cancellationReason' | 'cancellationFeedback'>;

export async function mailUser(
  tx: Db,
  userId: string,
  now: Date,
  build: (user: { email: string; name: string | null }) => Omit<OutgoingEmail, 'to' | 'userId'>,
) {
  const [user] = await tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return;
  await enqueueEmail(tx, { ...build(user), to: user.email, userId }, now);
}

const LIVE = ['trialing', 'active', 'past_due'];

/**
 * The e-mails a subscription change causes, decided from the state before and after, and queued in
 * the same transaction. Dedupe keys name the change, so replays and duplicates mail once.
 */
export async function queueSubscriptionEmails(
  tx: Db,
  deps: Pick<BillingDeps, 'catalog' | 'appUrl'>,
  id: string,
  before: SubscriptionState | undefined,
  after: SubscriptionState,
  now: Date,
): Promise<void> {
  const plan = (planId: string | null) => deps.catalog.plan(planId ?? '')?.name ?? 'your plan';
  const base = { appUrl: deps.appUrl };
  const mail = (
    key: string,
    kind: string,
    render: (name: string | null) => { subject: string; text: string; html: string },
  ) => mailUser(tx, after.userId, now, (user) => ({ dedupeKey: key, kind, ...render(user.name) }));

  // Checkout creates a subscription `incomplete` and activates it when the first invoice is paid.
  if (LIVE.includes(after.status) && !LIVE.includes(before?.status ?? 'none') && !before?.cancelAtPeriodEnd) {
    await mail(`subscription-confirmation:${id}`, 'subscription_confirmation', (name) =>
      subscriptionConfirmationEmail({
        ...base,
        name,
        planName: plan(after.planId),
        amount: after.amount,
        currency: after.currency,
        interval: after.interval,
        nextBillingAt: after.currentPeriodEnd,
        features: deps.catalog.plan(after.planId ?? '')?.features ?? [],
        trialEnd: after.status === 'trialing' ? after.trialEnd : null,
      }),
    );
  }
  if (
    before &&
    before.priceId &&
    after.priceId &&
    before.priceId !== after.priceId &&
    LIVE.includes(after.status)
  ) {
    await mail(
      `plan-changed:${id}:${before.priceId}:${after.priceId}:${after.lastEventAt || now.getTime()}`,
      'plan_changed',
      (name) =>
        planChangedEmail({
          ...base,
          name,
          fromPlan: plan(before.planId),
          toPlan: plan(after.planId),
          amount: after.amount,
          currency: after.currency,
          interval: after.interval,
        }),
    );
  }
  if (after.cancelAtPeriodEnd && LIVE.includes(after.status) && !before?.cancelAtPeriodEnd) {
    await mail(
      `cancel-scheduled:${id}:${after.currentPeriodEnd.toISOString()}`,
      'subscription_canceled',
      (name) =>
        subscriptionCanceledEmail({
          ...base,
          name,
          planName: plan(after.planId),
          endsAt: after.currentPeriodEnd,
          becauseOfPayment: false,
        }),
    );
  }
  const ended = ['canceled', 'unpaid'].includes(after.status) && before?.status !== after.status;
  if (!ended) return;
  if (after.status === 'unpaid' || after.endReason === 'payment_failed') {
    await mail(`subscription-canceled:${id}`, 'subscription_canceled', (name) =>
      subscriptionCanceledEmail({
        ...base,
        name,
        planName: plan(after.planId),
        endsAt: after.endedAt ?? now,
        becauseOfPayment: true,
      }),
    );
  } else if (before?.cancelAtPeriodEnd) {
    await mail(`access-expired:subscription:${id}`, 'access_expired', (name) =>
      accessExpiredEmail({ ...base, name, planName: plan(after.planId) }),
    );
  } else {
    await mail(`subscription-canceled:${id}`, 'subscription_canceled', (name) =>
      subscriptionCanceledEmail({
        ...base,
        name,
        planName: plan(after.planId),
        endsAt: after.endedAt ?? now,
        becauseOfPayment: false,
      }),
    );
  }
}
