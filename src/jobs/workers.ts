import type { BillingDeps } from '../billing/billing-deps.ts';
import { beginEvents, handleEvent, recordOutcomes } from '../webhooks/process-event.ts';
import type { HandlerResult } from '../webhooks/handlers/types.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { startScheduledWorkers } from './scheduled-workers.ts';
import type { MailTransport } from '../email/transport.ts';

/** Stripe-event jobs fetched at once, and how many of them are processed at the same time. */
const EVENT_BATCH_SIZE = 100;
const EVENT_PARALLELISM = 8;

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
 * order they were stored; different objects side by side (EVENT_PARALLELISM at a time). The batch's
 * bookkeeping (attempt counts, outcomes) takes one statement per batch rather than two per event.
 * Every job gets its own result, so one failure is retried alone.
 */
async function processStripeEventJobs(
  jobs: { id: string; data: { eventId: string; objectId?: string | null } }[],
  deps: BillingDeps,
) {
  const rows = await beginEvents(
    deps,
    jobs.map((job) => job.data.eventId),
  );
  const byObject = new Map<string, typeof jobs>();
  for (const job of jobs) {
    const key = job.data.objectId ?? job.data.eventId;
    const chain = byObject.get(key);
    if (chain) chain.push(job);
    else byObject.set(key, [job]);
  }
  const results = new Map<string, { id: string; status: 'completed' | 'failed'; output?: object }>();
  const outcomes: { eventId: string; result: HandlerResult }[] = [];
  const failures: { eventId: string; error: unknown }[] = [];
  const chains = [...byObject.values()];
  const runChains = async () => {
    for (let chain = chains.shift(); chain; chain = chains.shift()) {
      for (const job of chain) {
        const { eventId } = job.data;
        const row = rows.get(eventId);
        if (!row) {
          results.set(job.id, { id: job.id, status: 'completed' });
          continue;
        }
        try {
          outcomes.push({ eventId, result: await handleEvent(deps, row) });
          results.set(job.id, { id: job.id, status: 'completed' });
        } catch (error) {
          deps.logger.warn({ err: error, eventId }, 'stripe event failed; will retry');
          failures.push({ eventId, error });
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
  await recordOutcomes(deps, outcomes, failures);
  return jobs.map((job) => results.get(job.id)!);
}
