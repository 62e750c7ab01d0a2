import type { BillingDeps } from '../billing/billing-deps.ts';
import { forgetAllCachedGrants } from '../billing/load-billing.ts';
import { beginEvents, handleEvent, recordOutcomes } from '../webhooks/process-event.ts';
import { inSharedTransaction } from '../webhooks/shared-transaction.ts';
import type { HandlerResult } from '../webhooks/handlers/types.ts';
import { QUEUES, type JobQueue } from './queue.ts';
import { startScheduledWorkers } from './scheduled-workers.ts';
import type { MailTransport } from '../email/transport.ts';

/** Stripe-event jobs fetched at once, and in how many transactions side by side they are processed. */
const EVENT_BATCH_SIZE = 100;
const EVENT_GROUPS = 8;

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

type EventJob = { id: string; data: { eventId: string; objectId?: string | null } };
type JobResult = { id: string; status: 'completed' | 'failed'; output?: object };

/**
 * Processes a batch of stripe-event jobs: events about one Stripe object one after another, in the
 * order they were stored; different objects in EVENT_GROUPS groups side by side, each group in one
 * transaction (one commit for its events rather than one each). Should anything in a group fail, its
 * events are processed again one transaction each, so that only the failing one is retried. The
 * batch's bookkeeping (attempt counts, outcomes) takes one statement per batch rather than two per
 * event. Every job gets its own result.
 */
async function processStripeEventJobs(jobs: EventJob[], deps: BillingDeps): Promise<JobResult[]> {
  const rows = await beginEvents(
    deps,
    jobs.map((job) => job.data.eventId),
  );
  const results = new Map<string, JobResult>();
  const byObject = new Map<string, EventJob[]>();
  for (const job of jobs) {
    // Already processed (or ignored): nothing to do, and nothing to record.
    if (!rows.has(job.data.eventId)) {
      results.set(job.id, { id: job.id, status: 'completed' });
      continue;
    }
    const key = job.data.objectId ?? job.data.eventId;
    const chain = byObject.get(key);
    if (chain) chain.push(job);
    else byObject.set(key, [job]);
  }
  // Every group takes its objects in ascending id order: two groups sharing objects (this batch's
  // and another worker's) lock them in the same order, so they wait for each other but never deadlock.
  const keys = [...byObject.keys()].sort();
  const groups = Array.from({ length: Math.min(EVENT_GROUPS, keys.length) }, () => [] as EventJob[]);
  keys.forEach((key, i) => groups[i % groups.length]!.push(...byObject.get(key)!));

  const outcomes: { eventId: string; result: HandlerResult }[] = [];
  const failures: { eventId: string; error: unknown }[] = [];
  const handleAlone = async (job: EventJob) => {
    const { eventId } = job.data;
    try {
      outcomes.push({ eventId, result: await handleEvent(deps, rows.get(eventId)!) });
      results.set(job.id, { id: job.id, status: 'completed' });
    } catch (error) {
      deps.logger.warn({ err: error, eventId }, 'stripe event failed; will retry');
      failures.push({ eventId, error });
      results.set(job.id, { id: job.id, status: 'failed', output: { message: (error as Error).message } });
    }
  };
  await Promise.all(
    groups.map(async (group) => {
      try {
        const handled = await inSharedTransaction(deps, async (shared) => {
          const done: { eventId: string; result: HandlerResult }[] = [];
          for (const job of group) {
            done.push({
              eventId: job.data.eventId,
              result: await handleEvent(shared, rows.get(job.data.eventId)!),
            });
          }
          return done;
        });
        outcomes.push(...handled);
        for (const job of group) results.set(job.id, { id: job.id, status: 'completed' });
      } catch (error) {
        deps.logger.debug({ err: error }, 'a group of stripe events failed; processing them one by one');
        for (const job of group) await handleAlone(job);
      } finally {
        // The group's grant changes are visible from its commit on; entitlement checks must see them.
        forgetAllCachedGrants();
      }
    }),
  );
  await recordOutcomes(deps, outcomes, failures);
  return jobs.map((job) => results.get(job.id)!);
}
