import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { cliEnvironment, repoRoot, runCli, type CliEnvironment } from '../support/run-cli.ts';

let cli: CliEnvironment;
let emulator: EmulatorHandle;
let server: ChildProcess | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  cli = await cliEnvironment('cli-webhook-secret');
  emulator = await startEmulator({ port: 0, retryDelaysMs: [200, 400, 800] });
});
afterEach(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  server = undefined;
});
afterAll(async () => {
  await emulator?.close();
  await cli?.close();
});

async function appEnv(extra: Record<string, string> = {}) {
  const port = await freePort();
  return {
    ...cli.env,
    STRIPE_SECRET_KEY: 'sk_test_secret',
    STRIPE_API_BASE: emulator.url,
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...extra,
  };
}

/** `tollgate serve` until /health answers; its exit code and output if it stops first. */
async function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--experimental-strip-types', 'bin/tollgate.js', 'serve'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
  });
  server = child;
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (;;) {
    if (child.exitCode !== null) return { code: await exited, output };
    const health = await fetch(`${env.APP_URL}/health`).catch(() => undefined);
    if (health) return { code: null, output };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Makes Stripe send a handled event and answers the HTTP statuses of its deliveries to the endpoint. */
async function deliveryStatuses(endpointId: string) {
  const stripe = createStripeAccess({ secretKey: 'sk_test_secret', apiBase: emulator.url }).client;
  const customer = await stripe.customers.create({ email: 'signed@example.com' });
  await stripe.customers.update(customer.id, { name: 'Signed' });
  type Delivery = { status: number | null };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(
      `${emulator.url}/_emulator/deliveries?endpoint=${endpointId}&type=customer.updated`,
    );
    const deliveries = ((await response.json()) as { data: Delivery[] }).data;
    if (deliveries.length > 0 || Date.now() > deadline) return deliveries.map((d) => d.status);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function register(env: Record<string, string>) {
  const registered = await runCli(['webhooks', 'register', '--json'], env, 60_000);
  expect(registered.code).toBe(0);
  return (JSON.parse(registered.stdout) as { endpointId: string }).endpointId;
}

describe('the secret `webhooks register` stores is the one the app verifies with', () => {
  // Production needs PostgreSQL (DATABASE_URL): this runs when the suite does.
  it.skipIf(!process.env.DATABASE_URL)(
    'in production serve refuses to start without a secret, and starts with the stored one',
    async () => {
      const env = await appEnv({
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(40),
        SMTP_URL: 'smtp://127.0.0.1:1',
      });
      const refused = await serve(env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(
        'STRIPE_WEBHOOK_SECRET: required when NODE_ENV=production, unless `tollgate webhooks register` stored one',
      );
      const endpointId = await register(env);
      expect((await serve(env)).code).toBeNull();
      expect(await deliveryStatuses(endpointId)).toEqual([200]);
    },
    120_000,
  );

  it('serve, without STRIPE_WEBHOOK_SECRET, accepts the deliveries to the registered endpoint', async () => {
    const env = await appEnv();
    expect((await runCli(['migrate'], env, 60_000)).code).toBe(0);
    const endpointId = await register(env);
    expect((await serve(env)).code).toBeNull();
    // 200: the signature checked out with the stored secret (none would answer 503, a wrong one 400).
    expect(await deliveryStatuses(endpointId)).toEqual([200]);
  }, 120_000);
});
