import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { mailUser } from '../billing/sync/lifecycle-emails.ts';
import { renewalReminderEmail } from '../email/templates/lifecycle.ts';
import { subscriptions } from '../platform/db/schema/index.ts';

export const REMINDER_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

/** Yearly plans get a reminder 7 days before they renew; the dedupe key names the period. */
export async function sendRenewalReminders(deps: BillingDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.interval, 'year'),
        inArray(subscriptions.status, ['active', 'trialing']),
        eq(subscriptions.cancelAtPeriodEnd, false),
        eq(subscriptions.paused, false),
        gt(subscriptions.currentPeriodEnd, now),
        lte(subscriptions.currentPeriodEnd, new Date(now.getTime() + REMINDER_DAYS * DAY_MS)),
      ),
    );
  for (const sub of due) {
    await deps.db.transaction((tx) =>
      mailUser(tx, sub.userId, now, (user) => ({
        dedupeKey: `renewal-reminder:${sub.id}:${sub.currentPeriodEnd.toISOString()}`,
        kind: 'renewal_reminder',
        ...renewalReminderEmail({
          name: user.name,
          appUrl: deps.appUrl,
          planName: deps.catalog.plan(sub.planId ?? '')?.name ?? 'your plan',
          amount: sub.amount,
          currency: sub.currency,
          renewsAt: sub.currentPeriodEnd,
        }),
      })),
    );
  }
  return due.length;
}
