import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { BillingDeps } from '../billing/billing-deps.ts';
import { forgetAllCachedGrants } from '../billing/load-billing.ts';
import { stripeEvents } from '../platform/db/schema/index.ts';
import { eventHandlers } from './handlers/index.ts';
import type { HandlerResult } from './handlers/types.ts';

/**
 * The job behind every stored event: dispatch by type, record the outcome. A failure is recorded
 * and rethrown, so the queue retries it with backoff; a processed event is never processed again.
 */
export async function processEvent(deps: BillingDeps, eventId: string): Promise<void> {
  const [row] = await deps.db
    .update(stripeEvents)
    .set({ attempts: sql`${stripeEvents.attempts} + 1` })
    .where(eq(stripeEvents.id, eventId))
    .returning();
  if (!row || row.status === 'processed' || row.status === 'ignored') return;
  const event = row.payload as Stripe.Event;
  const handler = eventHandlers[event.type];
  try {
    let result: HandlerResult;
    try {
      result = handler ? await handler(deps, event) : 'ignored';
    } finally {
      // A handler may have changed access grants; entitlement checks in this process must see it now.
      if (handler) forgetAllCachedGrants();
    }
    await deps.db
      .update(stripeEvents)
      .set({ status: result, processedAt: deps.clock.now(), lastError: null })
      .where(eq(stripeEvents.id, eventId));
  } catch (error) {
    await deps.db
      .update(stripeEvents)
      .set({ status: 'failed', lastError: (error as Error).message ?? String(error) })
      .where(eq(stripeEvents.id, eventId));
    throw error;
  }
}
