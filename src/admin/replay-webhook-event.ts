import { eq, inArray } from 'drizzle-orm';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queue.ts';
import type { Db } from '../platform/db/database.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';
import { writeAudit, type AuditActor } from './audit.ts';

interface Deps {
  db: Db;
  queue: JobQueue;
  clock: { now(): Date };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Back to pending with a job to process it, in one transaction: the job exists iff the reset does. */
async function requeue(deps: Deps, tx: Tx, rows: { id: string; objectId: string | null }[]) {
  if (rows.length === 0) return;
  await tx
    .update(stripeEvents)
    .set({ status: 'pending', lastError: null, processedAt: null })
    .where(
      inArray(
        stripeEvents.id,
        rows.map((r) => r.id),
      ),
    );
  for (const row of rows) {
    await deps.queue.sendInTransaction(tx, QUEUES.stripeEvent, { eventId: row.id, objectId: row.objectId });
  }
}

/** Processes a stored event again, whatever its status (handlers converge, so this is safe). */
export async function replayWebhookEvent(deps: Deps, actor: AuditActor, eventId: string) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(stripeEvents).where(eq(stripeEvents.id, eventId)).for('update');
    if (!row) throw notFound('No such event.');
    await requeue(deps, tx, [row]);
    await writeAudit(
      tx,
      actor,
      {
        action: 'webhook_event.replay',
        targetType: 'webhook_event',
        targetId: eventId,
        before: { status: row.status, attempts: row.attempts, lastError: row.lastError },
        after: { status: 'pending' },
      },
      now,
    );
    return { status: 'queued', eventId };
  });
}

/** Replays every failed event; returns how many. */
export async function replayFailedEvents(deps: Deps, actor: AuditActor) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: stripeEvents.id, objectId: stripeEvents.objectId })
      .from(stripeEvents)
      .where(eq(stripeEvents.status, 'failed'))
      .for('update');
    await requeue(deps, tx, rows);
    if (rows.length > 0) {
      await writeAudit(
        tx,
        actor,
        {
          action: 'webhook_event.replay_failed',
          targetType: 'webhook_event',
          targetId: 'failed',
          before: { status: 'failed', eventIds: rows.map((r) => r.id) },
          after: { status: 'pending' },
        },
        now,
      );
    }
    return { replayed: rows.length };
  });
}
