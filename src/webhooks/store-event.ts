import type Stripe from 'stripe';
import type { Db } from '../platform/db/database.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { QUEUES, type JobQueue } from '../jobs/queue.ts';

/**
 * Stores a verified event and enqueues its processing in one transaction. The event id is the key:
 * a duplicate delivery finds the row and enqueues nothing.
 */
export async function storeEvent(
  deps: { db: Db; queue: JobQueue },
  event: Stripe.Event,
  now: Date,
): Promise<{ duplicate: boolean }> {
  return deps.db.transaction(async (tx) => {
    const object = event.data.object as { id?: string };
    const inserted = await tx
      .insert(stripeEvents)
      .values({
        id: event.id,
        type: event.type,
        objectId: typeof object.id === 'string' ? object.id : null,
        stripeCreatedAt: new Date(event.created * 1000),
        payload: event,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (inserted.length === 0) return { duplicate: true };
    await deps.queue.sendInTransaction(tx, QUEUES.stripeEvent, { eventId: event.id });
    return { duplicate: false };
  });
}
