import type { BillingDeps } from '../billing/billing-deps.ts';
import { processEvent } from '../webhooks/process-event.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { startScheduledWorkers } from './scheduled-workers.ts';
import type { MailTransport } from '../email/transport.ts';

export interface Workers {
  /** Wakes the local event worker at once instead of at its next poll (after a webhook is stored). */
  nudge(): void;
}

/** Consumes the queues in this process: in-process in embedded mode and tests, `tollgate worker` otherwise. */
export async function startWorkers(
  queue: JobQueue,
  deps: BillingDeps,
  mailer: MailTransport,
): Promise<Workers> {
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
      // Handlers queue lifecycle mail in their transactions; wake the sender once per batch.
      await queue.kickEmail();
      return results;
    },
  );
  await startScheduledWorkers(queue, deps, mailer);
  return { nudge: () => queue.boss.notifyWorker(eventWorker) };
}
