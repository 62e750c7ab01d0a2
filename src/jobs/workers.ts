import type { BillingDeps } from '../billing/billing-deps.ts';
import { processEvent } from '../webhooks/process-event.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { reconcileStripe } from '../billing/reconcile-stripe.ts';

// Stripe keeps events for 30 days; the daily run looks back three, which covers a missed day.
const RECONCILE_EVENT_WINDOW_MS = 3 * 24 * 3600 * 1000;

export interface Workers {
  /** Wakes the local event worker at once instead of at its next poll (after a webhook is stored). */
  nudge(): void;
}

/** Consumes the queues in this process: in-process in embedded mode and tests, `tollgate worker` otherwise. */
export async function startWorkers(queue: JobQueue, deps: BillingDeps): Promise<Workers> {
  const eventWorker = await queue.boss.work<{ eventId: string }>(
    QUEUES.stripeEvent,
    { batchSize: 20, pollingIntervalSeconds: 0.5, localConcurrency: 2, perJobResults: true },
    async (jobs) => {
      const results = [];
      for (const job of jobs) {
        try {
          await processEvent(deps, job.data.eventId);
          results.push({ id: job.id, status: 'completed' as const });
        } catch (error) {
          deps.logger.warn({ err: error, eventId: job.data.eventId }, 'stripe event failed; will retry');
          results.push({
            id: job.id,
            status: 'failed' as const,
            output: { message: (error as Error).message },
          });
        }
      }
      return results;
    },
  );
  await queue.boss.work(QUEUES.reconcileStripe, { pollingIntervalSeconds: 30 }, async () => {
    const report = await reconcileStripe(
      { ...deps, queue },
      { eventsSince: new Date(deps.clock.now().getTime() - RECONCILE_EVENT_WINDOW_MS) },
    );
    deps.logger.info(
      { ...report, subscriptionsChanged: report.subscriptionsChanged.length },
      'stripe reconciled',
    );
  });
  // pg-boss fires a cron schedule once per period across all workers sharing the database.
  await queue.boss.schedule(QUEUES.reconcileStripe, '17 3 * * *', null, { tz: 'UTC' });
  return { nudge: () => queue.boss.notifyWorker(eventWorker) };
}
