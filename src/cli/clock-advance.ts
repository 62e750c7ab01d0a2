import type { Config } from '../config.ts';
import { advanceTime } from '../dev/advance-time.ts';
import { createMailer } from '../email/transport.ts';
import { startWorkers } from '../jobs/workers.ts';
import { DevClock } from '../platform/dev-clock.ts';
import { listEventsSince } from '../stripe/list-events.ts';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';
import { storeEvents } from '../webhooks/store-event.ts';
import { parseDuration } from './duration.ts';
import { printResult } from './output.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const HANDLED = new Set<string>(HANDLED_EVENT_TYPES);

/**
 * Development time travel from the shell. The events the test clocks cause are fetched from Stripe
 * here as well as sent to the webhook, so this works with the app stopped (embedded mode must stop
 * it: PGlite is single-process); duplicates are recognised by event id.
 */
export async function clockAdvanceCommand(
  config: Config,
  duration: string,
  options: { json?: boolean },
): Promise<void> {
  if (!config.devMode)
    throw new Error(
      config.isProduction
        ? 'clock advance is for development only: it refuses to run with NODE_ENV=production.'
        : 'clock advance is for development only: it refuses to run with a live Stripe key.',
    );
  const ms = parseDuration(duration, 'the duration');
  const runtime = await openRuntime(config);
  const mailer = createMailer(config);
  try {
    const clock = runtime.billing.clock;
    if (!(clock instanceof DevClock)) throw new Error('this runtime has no movable clock');
    const from = clock.now();
    const workers = await startWorkers(runtime.queue, runtime.billing, mailer);
    const now = await advanceTime(
      {
        ...runtime.billing,
        clock,
        mailer,
        workers: { nudge: pullEvents(runtime, from, () => workers.nudge()) },
        saveClock: () => clock.save(runtime.billing.db),
      },
      new Date(from.getTime() + ms),
    );
    printResult(options.json, { from: from.toISOString(), now: now.toISOString() }, [
      `Clock moved from ${from.toISOString()} to ${now.toISOString()}.`,
      'A running app keeps its own instant in memory: restart it to continue from here.',
    ]);
  } finally {
    // A pooled SMTP connection would keep the process alive.
    mailer.close?.();
    await runtime.close();
  }
}

/** A nudge that also stores the events Stripe made since `from`, at most once a second. */
function pullEvents(runtime: Runtime, from: Date, wake: () => void): () => void {
  let busy = false;
  let last = 0;
  const stripe = runtime.billing.stripe.client;
  return () => {
    wake();
    if (busy || Date.now() - last < 1000) return;
    busy = true;
    void (async () => {
      // An hour of slack: a customer's test clock may trail the app's instant a little.
      const events = await listEventsSince(stripe, Math.floor(from.getTime() / 1000) - 3600, HANDLED);
      if (events.length > 0)
        await storeEvents(
          { db: runtime.billing.db, queue: runtime.queue },
          events,
          runtime.billing.clock.now(),
        );
      wake();
    })()
      .catch((error: unknown) => runtime.billing.logger.warn({ err: error }, 'fetching Stripe events failed'))
      .finally(() => {
        busy = false;
        last = Date.now();
      });
  };
}
