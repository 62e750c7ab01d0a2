import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import type { Database } from '../../src/platform/db/database.ts';
import { freshBenchDatabase } from './bench-database.ts';
import { waitForHealth } from './load.ts';
import { freePort, spawnNode, stopProcess } from './processes.ts';

export const WEBHOOK_SECRET = 'whsec_benchmarksecret';

export interface BenchApp {
  url: string;
  /** The app's process, e.g. to read the CPU time it used. */
  pid: number;
  dbUrl: string;
  database: Database;
  emulator: EmulatorHandle;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The app as production runs it (NODE_ENV=production, PostgreSQL, rate limits raised rather than
 * removed), in its own process, with Stripe served by the emulator.
 */
export async function startBenchApp(name: string, extraEnv: Record<string, string> = {}): Promise<BenchApp> {
  const emulator = await startEmulator({ port: 0 });
  const { url: dbUrl, database } = await freshBenchDatabase(name);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    PORT: String(port),
    APP_URL: url,
    SESSION_SECRET: 'bench-session-secret-bench-session-secret',
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    // Mail is not part of these benchmarks; nothing listens here, so it stays in the outbox.
    SMTP_URL: 'smtp://127.0.0.1:9',
    WORKER_IN_PROCESS: 'false',
    ...extraEnv,
  };
  const { child, output } = spawnNode(['bin/tollgate.js', 'serve'], env);
  await waitForHealth(url).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`the app did not start: ${output().slice(-2000)}`, { cause: error });
  });
  return {
    url,
    pid: child.pid!,
    dbUrl,
    database,
    emulator,
    env,
    async stop() {
      await stopProcess(child);
      await database.close();
      await emulator.close();
    },
  };
}
