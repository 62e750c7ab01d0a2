import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';
import { offsetOf, type Page } from './paging.ts';
import { eventView } from './views.ts';

/** Stored webhook events, newest first; `processed` true = processed or ignored, false = pending or failed. */
export async function listWebhookEvents(
  db: Db,
  input: Page & { type?: string | undefined; processed?: boolean | undefined },
) {
  const filters: SQL[] = [];
  if (input.type) filters.push(eq(stripeEvents.type, input.type));
  if (input.processed !== undefined)
    filters.push(
      inArray(stripeEvents.status, input.processed ? ['processed', 'ignored'] : ['pending', 'failed']),
    );
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(stripeEvents)
      .where(where)
      .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.stripeCreatedAt), desc(stripeEvents.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    db.select({ n: count() }).from(stripeEvents).where(where),
  ]);
  return { events: rows.map(eventView), total: total?.n ?? 0 };
}

export async function getWebhookEvent(db: Db, eventId: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
  if (!row) throw notFound('No such event.');
  return { event: eventView(row) };
}
