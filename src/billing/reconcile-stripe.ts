import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { JobQueue } from '../jobs/queue.ts';
import { subscriptions } from '../platform/db/schema/index.ts';
import { listAllSubscriptions } from '../stripe/subscriptions.ts';
import { storeEvent } from '../webhooks/store-event.ts';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';
import type { BillingDeps } from './billing-deps.ts';
import { applySubscription } from './sync/apply-subscription.ts';

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);

export interface ReconcileReport {
  subscriptionsChecked: number;
  subscriptionsChanged: string[];
  eventsRecovered: number;
}

const fingerprint = (row: typeof subscriptions.$inferSelect | undefined) =>
  row
    ? JSON.stringify([row.status, row.priceId, row.cancelAtPeriodEnd, row.currentPeriodEnd, row.paused])
    : 'missing';

/**
 * Repairs drift between Stripe and the mirror: every subscription is re-read and applied as the
 * current truth, and recent events we never stored (a missed webhook) are stored and processed.
 */
export async function reconcileStripe(
  deps: BillingDeps & { queue: JobQueue },
  options: { eventsSince: Date; onProgress?: (checked: number) => void },
): Promise<ReconcileReport> {
  const report: ReconcileReport = { subscriptionsChecked: 0, subscriptionsChanged: [], eventsRecovered: 0 };
  for await (const subscription of listAllSubscriptions(deps.stripe.client)) {
    const [before] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    const result = await applySubscription(deps, subscription);
    report.subscriptionsChecked += 1;
    if (result === 'applied') {
      const [after] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
      if (fingerprint(before) !== fingerprint(after)) report.subscriptionsChanged.push(subscription.id);
    }
    options.onProgress?.(report.subscriptionsChecked);
  }
  const since = Math.floor(options.eventsSince.getTime() / 1000);
  for await (const event of deps.stripe.client.events.list({ created: { gte: since }, limit: 100 })) {
    // Only the types our endpoint subscribes to could have been missed.
    if (!HANDLED.has(event.type)) continue;
    const { duplicate } = await storeEvent(deps, event as Stripe.Event, deps.clock.now());
    if (!duplicate) report.eventsRecovered += 1;
  }
  return report;
}
