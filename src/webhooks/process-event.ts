import { and, eq, inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { forgetAllCachedGrants } from '../billing/load-billing.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { eventHandlers } from './handlers/index.ts';
import type { HandlerResult } from './handlers/types.ts';

type StoredEvent = typeof stripeEvents.$inferSelect;

/**
 * Counts an attempt on each event and loads those still to process (one statement for a batch).
 * Events already processed or ignored are left out: a processed event is never processed again.
 */
export async function beginEvents(deps: BillingDeps, eventIds: string[]): Promise<Map<string, StoredEvent>> {
  if (eventIds.length === 0) return new Map();
  const rows = await deps.db
    .update(stripeEvents)
    .set({ attempts: sql`${stripeEvents.attempts} + 1` })
    .where(inArray(stripeEvents.id, [...new Set(eventIds)]))
    .returning();
  return new Map(
    rows.filter((row) => row.status !== 'processed' && row.status !== 'ignored').map((row) => [row.id, row]),
  );
}

/** Dispatches one loaded event by type; throws what the handler throws. */
export async function handleEvent(deps: BillingDeps, row: StoredEvent): Promise<HandlerResult> {
  const event = row.payload as Stripe.Event;
  const handler = eventHandlers[event.type];
  if (!handler) return 'ignored';
  try {
    return await handler(deps, event);
  } finally {
    // A handler may have changed access grants; entitlement checks in this process must see it now.
    forgetAllCachedGrants();
  }
}

/** Records the outcomes of a batch: one statement per outcome kind, one per failure. */
export async function recordOutcomes(
  deps: BillingDeps,
  outcomes: { eventId: string; result: HandlerResult }[],
  failures: { eventId: string; error: unknown }[],
): Promise<void> {
  const now = deps.clock.now();
  for (const result of ['processed', 'ignored'] as const) {
    const ids = outcomes.filter((o) => o.result === result).map((o) => o.eventId);
    if (ids.length === 0) continue;
    await deps.db
      .update(stripeEvents)
      .set({ status: result, processedAt: now, lastError: null })
      .where(inArray(stripeEvents.id, ids));
  }
  for (const { eventId, error } of failures) {
    await deps.db
      .update(stripeEvents)
      .set({ status: 'failed', lastError: (error as Error).message ?? String(error) })
      // A later attempt that succeeded first keeps its outcome.
      .where(and(eq(stripeEvents.id, eventId), sql`${stripeEvents.status} not in ('processed', 'ignored')`));
  }
}

/**
 * The job behind one stored event: dispatch by type, record the outcome. A failure is recorded
 * and rethrown, so the queue retries it with backoff; a processed event is never processed again.
 */
export async function processEvent(deps: BillingDeps, eventId: string): Promise<void> {
  const row = (await beginEvents(deps, [eventId])).get(eventId);
  if (!row) return;
  let result: HandlerResult;
  try {
    result = await handleEvent(deps, row);
  } catch (error) {
    await recordOutcomes(deps, [], [{ eventId, error }]);
    throw error;
  }
  await recordOutcomes(deps, [{ eventId, result }], []);
}
