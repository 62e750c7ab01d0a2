import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  await emulator?.close();
  await cli?.close();
});

describe('the secret `webhooks register` stores is the one the app verifies with', () => {
  it('serve, without STRIPE_WEBHOOK_SECRET, accepts the deliveries to the registered endpoint', async () => {
    const port = await freePort();
    const env = {
      ...cli.env,
      STRIPE_SECRET_KEY: 'sk_test_secret',
      STRIPE_API_BASE: emulator.url,
      APP_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOST: '127.0.0.1',
    };
    expect((await runCli(['migrate'], env, 60_000)).code).toBe(0);
    const registered = await runCli(['webhooks', 'register', '--json'], env, 60_000);
    expect(registered.code).toBe(0);
    const { endpointId } = JSON.parse(registered.stdout) as { endpointId: string };

    server = spawn(process.execPath, ['--experimental-strip-types', 'bin/tollgate.js', 'serve'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
    });
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    for (;;) {
      if (server.exitCode !== null) throw new Error(`serve exited: ${output}`);
      const health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const stripe = createStripeAccess({ secretKey: 'sk_test_secret', apiBase: emulator.url }).client;
    const customer = await stripe.customers.create({ email: 'signed@example.com' });
    await stripe.customers.update(customer.id, { name: 'Signed' });
    type Delivery = { endpoint: string; type: string; status: number | null };
    let deliveries: Delivery[] = [];
    const deadline = Date.now() + 30_000;
    while (deliveries.length === 0 && Date.now() < deadline) {
      const response = await fetch(
        `${emulator.url}/_emulator/deliveries?endpoint=${endpointId}&type=customer.updated`,
      );
      deliveries = ((await response.json()) as { data: Delivery[] }).data;
      if (deliveries.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    // 200: the signature checked out with the stored secret (a wrong or missing one answers 400 / 503).
    expect(deliveries.map((d) => d.status)).toEqual([200]);
  });
});
