import { inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { EmulatorHandle } from 'stripe-emulator';
import type { Db } from '../../src/platform/db/database.ts';
import { stripeEvents } from '../../src/platform/db/schema/index.ts';
import { HANDLED_EVENT_TYPES } from '../../src/webhooks/handlers/index.ts';
import { restartWorker, sleep, type TollgateProcess } from './stress-processes.ts';

export const eventCounts = async (db: Db) => {
  const rows = await db
    .select({ status: stripeEvents.status, n: sql<number>`count(*)::int` })
    .from(stripeEvents)
    .groupBy(stripeEvents.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  return { done: (by.processed ?? 0) + (by.ignored ?? 0), open: (by.pending ?? 0) + (by.failed ?? 0) };
};

/**
 * SIGKILLs the worker once it has processed `after` more events while others are still open (so it
 * dies mid-work), then starts it again. Returns what was open at the moment of the kill.
 */
export async function killWorkerMidWork(db: Db, worker: TollgateProcess, after: number, timeoutMs = 300_000) {
  const start = (await eventCounts(db)).done;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await eventCounts(db);
    if (counts.done - start >= after && counts.open > 0) {
      await worker.kill();
      await sleep(1000);
      await restartWorker(worker);
      return counts;
    }
    if (Date.now() > deadline) throw new Error(`the worker never got busy: ${JSON.stringify(counts)}`);
    await sleep(20);
  }
}

/** The events Stripe made for our endpoint against those the app stored. */
export async function eventsStoredVersusSent(stripe: Stripe, db: Db) {
  const sent = new Set<string>();
  for await (const event of stripe.events.list({ types: HANDLED_EVENT_TYPES, limit: 100 }))
    sent.add(event.id);
  const stored = new Set((await db.select({ id: stripeEvents.id }).from(stripeEvents)).map((r) => r.id));
  const missing = [...sent].filter((id) => !stored.has(id));
  const [notDone] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(stripeEvents)
    .where(inArray(stripeEvents.status, ['pending', 'failed']));
  return { sent: sent.size, stored: stored.size, missing, notDone: notDone!.n };
}

/** What the emulator's delivery log says about the chaos it made. */
export function deliveryStats(emulator: EmulatorHandle) {
  const log = emulator.deliveries();
  return {
    attempts: log.length,
    duplicates: log.filter((d) => d.duplicate).length,
    chaosFailures: log.filter((d) => d.error?.startsWith('chaos')).length,
    retries: log.filter((d) => d.attempt > 1).length,
    answered5xx: log.filter((d) => d.status !== null && d.status >= 500).length,
    answered4xx: log.filter((d) => d.status !== null && d.status >= 400 && d.status < 500).length,
    networkErrors: log.filter((d) => d.status === null && !d.error?.startsWith('chaos')).length,
  };
}
