import type { BillingDeps } from '../billing/billing-deps.ts';
import { processEvent } from '../webhooks/process-event.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { startScheduledWorkers } from './scheduled-workers.ts';
import type { MailTransport } from '../email/transport.ts';

/** Stripe-event jobs fetched at once, and how many of them are processed at the same time. */
const EVENT_BATCH_SIZE = 50;
const EVENT_PARALLELISM = 4;

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
  const eventWorker = await queue.boss.work<{ eventId: string; objectId?: string | null }>(
    QUEUES.stripeEvent,
    {
      batchSize: EVENT_BATCH_SIZE,
      pollingIntervalSeconds: 0.5,
      // A full batch means more are waiting: fetch the next at once instead of after the poll interval.
      burstWhenBatchFull: true,
      localConcurrency: 2,
      perJobResults: true,
    },
    async (jobs) => {
      const results = await processStripeEventJobs(jobs, deps);
      // Handlers queue lifecycle mail in their transactions; wake the sender once per batch.
      await queue.kickEmail();
      return results;
    },
  );
  await startScheduledWorkers(queue, deps, mailer);
  return { nudge: () => queue.boss.notifyWorker(eventWorker) };
}

/**
 * Processes a batch of stripe-event jobs: events about one Stripe object one after another, in the
 * order they were stored; different objects side by side (EVENT_PARALLELISM at a time). Every job gets
 * its own result, so one failure is retried alone.
 */
async function processStripeEventJobs(
  jobs: { id: string; data: { eventId: string; objectId?: string | null } }[],
  deps: BillingDeps,
) {
  const byObject = new Map<string, typeof jobs>();
  for (const job of jobs) {
    const key = job.data.objectId ?? job.data.eventId;
    const chain = byObject.get(key);
    if (chain) chain.push(job);
    else byObject.set(key, [job]);
  }
  const results = new Map<string, { id: string; status: 'completed' | 'failed'; output?: object }>();
  const chains = [...byObject.values()];
  const runChains = async () => {
    for (let chain = chains.shift(); chain; chain = chains.shift()) {
      for (const job of chain) {
        try {
          await processEvent(deps, job.data.eventId);
          results.set(job.id, { id: job.id, status: 'completed' });
        } catch (error) {
          deps.logger.warn({ err: error, eventId: job.data.eventId }, 'stripe event failed; will retry');
          results.set(job.id, {
            id: job.id,
            status: 'failed',
            output: { message: (error as Error).message },
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EVENT_PARALLELISM, chains.length) }, runChains));
  return jobs.map((job) => results.get(job.id)!);
}
