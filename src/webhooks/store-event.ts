import { sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import type Stripe from 'stripe';
import type { Db } from '../platform/db/database.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { QUEUES, type JobQueue } from '../jobs/queue.ts';

const objectIdOf = (event: Stripe.Event) => {
  const object = event.data.object as { id?: unknown };
  return typeof object.id === 'string' ? object.id : null;
};

interface Deps {
  db: Db;
  queue: JobQueue;
}

/**
 * Stores verified events and enqueues their processing in one transaction. The event id is the key:
 * a duplicate delivery finds the row and enqueues nothing. Several events may share a transaction;
 * each is stored with its job or not at all, and nobody is answered before the commit.
 */
export async function storeEvents(
  deps: Deps,
  events: Stripe.Event[],
  now: Date,
): Promise<{ duplicate: boolean }[]> {
  // A second delivery of an id within one batch is a duplicate of the first, whatever the database says.
  const firsts = new Map<string, Stripe.Event>();
  for (const event of events) if (!firsts.has(event.id)) firsts.set(event.id, event);
  const stored = await deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(stripeEvents)
      .values(
        [...firsts.values()].map((event) => {
          return {
            id: event.id,
            type: event.type,
            objectId: objectIdOf(event),
            stripeCreatedAt: new Date(event.created * 1000),
            payload: event,
            receivedAt: now,
          };
        }),
      )
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (inserted.length > 0) {
      await deps.queue.boss.insert(
        QUEUES.stripeEvent,
        // The object id lets the worker keep one object's events in order while it runs others alongside.
        inserted.map(({ id }) => ({ data: { eventId: id, objectId: objectIdOf(firsts.get(id)!) } })),
        { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) },
      );
    }
    return new Set(inserted.map(({ id }) => id));
  });
  const answered = new Set<string>();
  return events.map((event) => {
    const fresh = stored.has(event.id) && !answered.has(event.id);
    answered.add(event.id);
    return { duplicate: !fresh };
  });
}

export async function storeEvent(
  deps: Deps,
  event: Stripe.Event,
  now: Date,
): Promise<{ duplicate: boolean }> {
  const [result] = await storeEvents(deps, [event], now);
  return result!;
}

interface Waiting {
  event: Stripe.Event;
  resolve(result: { duplicate: boolean }): void;
  reject(error: unknown): void;
}

/**
 * Group commit for webhook deliveries. Under load, deliveries that arrive while earlier transactions
 * are committing are stored together in the next transaction (at most `maxBatch` events, at most
 * `maxInFlight` transactions at once), so the database does one commit for many events instead of
 * one each. A lone delivery is stored at once, in its own transaction, as before. When a shared
 * transaction fails, each of its events is stored again on its own, so one bad event cannot fail
 * the others' deliveries.
 */
export function eventInbox(
  deps: Deps & { clock: { now(): Date } },
  options: { maxBatch?: number; maxInFlight?: number } = {},
) {
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? 4;
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = async (batch: Waiting[]) => {
    const now = deps.clock.now();
    try {
      const results = await storeEvents(
        deps,
        batch.map((w) => w.event),
        now,
      );
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
      } else {
        await Promise.all(batch.map((w) => storeEvent(deps, w.event, now).then(w.resolve, w.reject)));
      }
    }
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = waiting.length <= maxBatch ? waiting : waiting.slice(0, maxBatch);
      waiting = waiting.length <= maxBatch ? [] : waiting.slice(maxBatch);
      inFlight++;
      void flush(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return {
    store(event: Stripe.Event): Promise<{ duplicate: boolean }> {
      return new Promise((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        // Deliveries parsed in the same turn of the event loop go out together.
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    },
  };
}
