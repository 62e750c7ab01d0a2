import type { Config } from '../config.ts';
import { syncPlans } from '../catalog/sync-plans.ts';
import { progressBar } from './progress.ts';
import { openRuntime } from './runtime.ts';

export async function plansSyncCommand(config: Config, options: { json?: boolean }): Promise<void> {
  const runtime = await openRuntime(config);
  const bar = progressBar(!options.json, 'Syncing prices');
  try {
    const { billing } = runtime;
    const results = await syncPlans(
      { db: billing.db, stripe: billing.stripe.client, now: () => billing.clock.now() },
      billing.catalog,
      (done, total, priceId) => bar.update(done, total, priceId),
    );
    bar.stop();
    if (options.json) {
      console.log(JSON.stringify({ ok: true, prices: results }));
    } else {
      for (const r of results) console.log(`${r.action.padEnd(9)} ${r.priceId} → ${r.stripePriceId}`);
      console.log(`${results.length} prices in sync with Stripe (${billing.stripe.mode}).`);
    }
  } finally {
    bar.stop();
    await runtime.close();
  }
}
