import type { Config } from '../config.ts';
import { reconcileStripe } from '../billing/reconcile-stripe.ts';
import { progressBar } from './progress.ts';
import { openRuntime } from './runtime.ts';

export async function stripeReconcileCommand(
  config: Config,
  options: { json?: boolean; days: string },
): Promise<void> {
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > 30)
    throw new Error('--days must be a whole number from 1 to 30');
  const runtime = await openRuntime(config);
  const bar = progressBar(!options.json, 'Checking subscriptions');
  try {
    const report = await reconcileStripe(
      { ...runtime.billing, queue: runtime.queue },
      {
        eventsSince: new Date(runtime.billing.clock.now().getTime() - days * 24 * 3600 * 1000),
        onProgress: (checked) => bar.update(checked, checked),
      },
    );
    bar.stop();
    if (options.json) {
      console.log(JSON.stringify({ ok: true, ...report }));
    } else {
      console.log(
        `Checked ${report.subscriptionsChecked} subscriptions; repaired ${report.subscriptionsChanged.length}.`,
      );
      for (const id of report.subscriptionsChanged) console.log(`  repaired ${id}`);
      console.log(`Recovered ${report.eventsRecovered} missed events (queued for processing).`);
    }
  } finally {
    bar.stop();
    await runtime.close();
  }
}
