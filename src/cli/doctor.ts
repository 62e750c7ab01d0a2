import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../platform/db/database.ts';
import { checkDatabase, checkMail, checkStripe, type Check } from './doctor-checks.ts';
import { openStripe } from './open-stripe.ts';
import { progressBar } from './progress.ts';

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/** Checks what a deployment needs, says how to fix each failure, and exits 1 when anything failed. */
export async function doctorCommand(options: { json?: boolean }): Promise<void> {
  const checks = await runChecks(options);
  const ok = checks.every((c) => c.status !== 'fail');
  if (options.json) {
    console.log(JSON.stringify({ ok, checks }));
  } else {
    for (const c of checks) {
      console.log(`${MARK[c.status]} ${c.name}: ${c.detail}`);
      if (c.fix) console.log(`    fix: ${c.fix}`);
    }
    console.log(
      ok ? 'All checks passed.' : `${checks.filter((c) => c.status === 'fail').length} check(s) failed.`,
    );
  }
  if (!ok) process.exitCode = 1;
}

async function runChecks(options: { json?: boolean }): Promise<Check[]> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [{ name: 'config', status: 'fail', detail: error.message, fix: 'set the variables named above' }];
  }
  const checks: Check[] = [
    { name: 'config', status: 'ok', detail: `${config.env}, APP_URL ${config.appUrl}` },
  ];
  const bar = progressBar(!options.json, 'Checking');
  let database: Database | undefined;
  try {
    bar.update(0, 3, 'database');
    database = await openDatabase(config);
    checks.push(...(await checkDatabase(config, database)));
    bar.update(1, 3, 'stripe');
    if (checks.every((c) => c.status !== 'fail')) {
      const stripe = await openStripe(config);
      try {
        checks.push(...(await checkStripe(config, stripe.stripe, database)));
      } finally {
        await stripe.close();
      }
    }
    bar.update(2, 3, 'mail');
    checks.push(await checkMail(config));
    bar.update(3, 3);
  } catch (error) {
    checks.push({
      name: database ? 'stripe' : 'database',
      status: 'fail',
      detail: (error as Error).message,
      fix: database ? 'check the Stripe settings' : 'check DATABASE_URL or DATA_DIR',
    });
  } finally {
    bar.stop();
    await database?.close().catch(() => {});
  }
  return checks;
}
