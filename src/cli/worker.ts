import type { Config } from '../config.ts';
import { startWorkers } from '../jobs/workers.ts';
import { createMailer } from '../email/transport.ts';
import { openRuntime } from './runtime.ts';

/** `tollgate worker`: consumes the queues and fires the schedules; run as many as you like. */
export async function workerCommand(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  await startWorkers(runtime.queue, runtime.billing, createMailer(config));
  runtime.billing.logger.info('worker started');
  const shutdown = (signal: string) => {
    runtime.billing.logger.info({ signal }, 'worker stopping; in-flight jobs finish or are released');
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
