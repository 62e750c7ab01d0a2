import type { BillingDeps } from '../billing/billing-deps.ts';
import { reconcileStripe } from '../billing/reconcile-stripe.ts';
import type { MailTransport } from '../email/transport.ts';
import { housekeeping } from './housekeeping.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { deliverAllDueEmails, runLifecycleSweep } from './run-due-jobs.ts';

// Stripe keeps events for 30 days; the daily run looks back three, which covers a missed day.
const RECONCILE_EVENT_WINDOW_MS = 3 * 24 * 3600 * 1000;

/**
 * Mail delivery and the scheduled work. pg-boss fires each cron schedule once per period across all
 * workers sharing the database, however many there are; every handler is idempotent.
 */
export async function startScheduledWorkers(
  queue: JobQueue,
  deps: BillingDeps,
  mailer: MailTransport,
): Promise<void> {
  const { boss } = queue;
  await boss.work(QUEUES.deliverEmails, { pollingIntervalSeconds: 1 }, async () => {
    await deliverAllDueEmails(deps, mailer);
  });
  await boss.work(QUEUES.lifecycleSweep, { pollingIntervalSeconds: 30 }, async () => {
    deps.logger.info(await runLifecycleSweep(deps), 'lifecycle sweep');
    await queue.kickEmail();
  });
  await boss.work(QUEUES.housekeeping, { pollingIntervalSeconds: 30 }, async () => {
    deps.logger.info(await housekeeping(deps.db, deps.clock.now()), 'housekeeping');
  });
  await boss.work(QUEUES.reconcileStripe, { pollingIntervalSeconds: 30 }, async () => {
    const report = await reconcileStripe(
      { ...deps, queue },
      { eventsSince: new Date(deps.clock.now().getTime() - RECONCILE_EVENT_WINDOW_MS) },
    );
    deps.logger.info(
      { ...report, subscriptionsChanged: report.subscriptionsChanged.length },
      'stripe reconciled',
    );
  });
  // Retries of failed mail come due without any new kick.
  await boss.schedule(QUEUES.deliverEmails, '* * * * *', {}, { tz: 'UTC' });
  await boss.schedule(QUEUES.lifecycleSweep, '5 * * * *', {}, { tz: 'UTC' });
  await boss.schedule(QUEUES.housekeeping, '41 2 * * *', {}, { tz: 'UTC' });
  await boss.schedule(QUEUES.reconcileStripe, '17 3 * * *', {}, { tz: 'UTC' });
}
