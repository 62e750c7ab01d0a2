import { and, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { BillingDeps } from '../billing/billing-deps.ts';
import type { MailTransport } from '../email/transport.ts';
import { deliverAllDueEmails, runLifecycleSweep } from '../jobs/run-due-jobs.ts';
import type { Workers } from '../jobs/workers.ts';
import type { MovableClock } from '../platform/dev-clock.ts';
import { AppError } from '../platform/errors.ts';
import { billingCustomers, sessions, stripeEvents } from '../platform/db/schema/index.ts';
import { advanceTestClock, eventIdsSince, retrieveTestClock } from '../stripe/test-clocks.ts';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AdvanceDeps extends BillingDeps {
  clock: MovableClock;
  mailer: MailTransport;
  workers?: Workers | undefined;
  saveClock?: () => Promise<void>;
}

/**
 * Time travel: moves the app's instant to `to` and every customer's Stripe test clock with it, waits
 * until each clock is ready and every event it caused is stored and processed, then runs the app's
 * due jobs and sends the mail. It answers only when the world has caught up.
 */
export async function advanceTime(deps: AdvanceDeps, to: Date, timeoutMs = 120_000): Promise<Date> {
  const from = deps.clock.now();
  if (to.getTime() <= from.getTime())
    throw new AppError(400, 'VALIDATION_FAILED', 'Time only moves forward.', {
      details: { to: 'must be later than now' },
    });
  const deadline = Date.now() + timeoutMs;
  deps.clock.set(to);
  await deps.saveClock?.();
  // Sessions live in real time: a developer's jump of two months must not sign everyone out.
  await deps.db.update(sessions).set({
    expiresAt: sql`${sessions.expiresAt} + make_interval(secs => ${(to.getTime() - from.getTime()) / 1000})`,
  });

  const clocks = await deps.db
    .select({ id: billingCustomers.testClockId })
    .from(billingCustomers)
    .where(and(isNotNull(billingCustomers.testClockId), isNull(billingCustomers.deletedAt)));
  const stripe = deps.stripe.client;
  let since = Math.floor(from.getTime() / 1000);
  for (const { id } of clocks) {
    const clock = await retrieveTestClock(stripe, id!);
    since = Math.min(since, clock.frozen_time);
    if (clock.frozen_time < Math.floor(to.getTime() / 1000)) await advanceTestClock(stripe, id!, to);
  }
  for (const { id } of clocks) {
    while ((await retrieveTestClock(stripe, id!)).status !== 'ready') {
      if (Date.now() > deadline)
        throw new AppError(504, 'TIME_TRAVEL_TIMEOUT', `Test clock ${id} did not become ready.`);
      await sleep(100);
    }
  }
  await waitForEvents(deps, await eventIdsSince(stripe, since, HANDLED), deadline);
  await runLifecycleSweep(deps);
  await deliverAllDueEmails(deps, deps.mailer);
  return deps.clock.now();
}

/** Waits until every expected event has arrived through the webhook and been processed. */
async function waitForEvents(deps: AdvanceDeps, ids: string[], deadline: number) {
  if (ids.length === 0) return;
  for (;;) {
    const rows = await deps.db
      .select({ id: stripeEvents.id, status: stripeEvents.status })
      .from(stripeEvents)
      .where(inArray(stripeEvents.id, ids));
    const done = rows.filter((r) => r.status === 'processed' || r.status === 'ignored').length;
    if (done === ids.length) return;
    if (Date.now() > deadline) {
      throw new AppError(
        504,
        'TIME_TRAVEL_TIMEOUT',
        `${ids.length - done} of ${ids.length} Stripe events were not processed in time; is a worker running?`,
      );
    }
    deps.workers?.nudge();
    await sleep(50);
  }
}
