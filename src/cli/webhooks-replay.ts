import { replayFailedEvents, replayWebhookEvent } from '../admin/replay-webhook-event.ts';
import type { Config } from '../config.ts';
import { cliOperator } from './operator.ts';
import { printResult } from './output.ts';
import { openRuntime } from './runtime.ts';

/** Queues stored events for processing again; a running worker (or app) picks them up. */
export async function webhooksReplayCommand(
  config: Config,
  eventId: string | undefined,
  options: { failed?: boolean; json?: boolean },
): Promise<void> {
  if (Boolean(eventId) === Boolean(options.failed))
    throw new Error('give an event id or --failed (one of them)');
  const runtime = await openRuntime(config);
  try {
    const deps = { db: runtime.billing.db, queue: runtime.queue, clock: runtime.billing.clock };
    if (eventId) {
      const result = await replayWebhookEvent(deps, cliOperator(), eventId);
      printResult(options.json, result, [`Event ${eventId} queued for processing.`]);
    } else {
      const result = await replayFailedEvents(deps, cliOperator());
      printResult(options.json, result, [`${result.replayed} failed event(s) queued for processing.`]);
    }
  } finally {
    await runtime.close();
  }
}
