import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { registerWebhookEndpoint } from '../../src/stripe/register-webhook.ts';
import { repoRoot } from './run-cli.ts';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every Tollgate process of a stress run shares: one database, one Stripe, one mail server. */
export interface StressEnv {
  databaseUrl: string;
  stripeApiBase: string;
  webhookSecret: string;
  smtpPort: number;
}

const processEnv = (shared: StressEnv, extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  DATABASE_URL: shared.databaseUrl,
  STRIPE_SECRET_KEY: 'sk_test_tollgate',
  STRIPE_API_BASE: shared.stripeApiBase,
  STRIPE_WEBHOOK_SECRET: shared.webhookSecret,
  SMTP_URL: `smtp://127.0.0.1:${shared.smtpPort}`,
  MAIL_FROM: 'Tollgate <billing@tollgate.test>',
  RATE_LIMIT_IP_PER_MINUTE: '0',
  RATE_LIMIT_USER_PER_MINUTE: '0',
  ...extra,
});

/** A `tollgate …` child process; its output is kept (the tail) and info log lines are counted. */
export class TollgateProcess {
  readonly args: string[];
  readonly env: Record<string, string>;
  child: ChildProcess | undefined;
  #tail = '';
  #stopping = false;
  /** Log messages (pino `msg`) seen over every run of this process, restarts included. */
  readonly messages = new Map<string, number>();

  constructor(args: string[], env: Record<string, string>) {
    this.args = args;
    this.env = env;
  }

  output() {
    return this.#tail;
  }

  #take(chunk: Buffer) {
    const text = chunk.toString();
    this.#tail = (this.#tail + text).slice(-20_000);
    for (const match of text.matchAll(/"msg":"([^"]+)"/g)) {
      this.messages.set(match[1]!, (this.messages.get(match[1]!) ?? 0) + 1);
    }
  }

  async start(ready: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
    const child = spawn(process.execPath, ['--experimental-strip-types', 'bin/tollgate.js', ...this.args], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.#stopping = false;
    child.once('exit', (code, signal) => {
      // A process dying on its own is the failure a stress test looks for: show why.
      if (!this.#stopping)
        console.error(`${this.args[0]} died (${code ?? signal}):\n${this.#tail.slice(-4000)}`);
    });
    child.stdout!.on('data', (d: Buffer) => this.#take(d));
    child.stderr!.on('data', (d: Buffer) => this.#take(d));
    const deadline = Date.now() + timeoutMs;
    while (!(await ready())) {
      if (child.exitCode !== null) throw new Error(`${this.args[0]} exited: ${this.#tail.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${this.args[0]} not ready: ${this.#tail.slice(-3000)}`);
      await sleep(100);
    }
  }

  /** SIGKILL: no shutdown code runs, in-flight jobs are left as they are. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.#stopping = true;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.#stopping = true;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** `tollgate serve` against PostgreSQL: no worker in-process, Stripe at the emulator. */
export async function startApiServer(shared: StressEnv, port: number) {
  const url = `http://127.0.0.1:${port}`;
  const server = new TollgateProcess(
    ['serve'],
    processEnv(shared, { PORT: String(port), APP_URL: url, LOG_LEVEL: 'warn' }),
  );
  await server.start(async () => {
    try {
      return (await fetch(`${url}/api/plans`)).ok;
    } catch {
      return false;
    }
  });
  return Object.assign(server, { url });
}

/** `tollgate worker`: webhook processing, mail and the schedules. */
export async function startWorkerProcess(shared: StressEnv) {
  const worker = new TollgateProcess(['worker'], processEnv(shared, { LOG_LEVEL: 'info' }));
  await restartWorker(worker);
  return worker;
}

export async function restartWorker(worker: TollgateProcess) {
  const before = worker.messages.get('worker started') ?? 0;
  await worker.start(() => (worker.messages.get('worker started') ?? 0) > before);
}

/** The usual stack: one server, its webhook endpoint registered with the emulator, and one worker. */
export async function startServerWithWorker(
  env: Omit<StressEnv, 'webhookSecret'>,
  stripe: Parameters<typeof registerWebhookEndpoint>[0],
) {
  const port = await freePort();
  const endpoint = await registerWebhookEndpoint(stripe, `http://127.0.0.1:${port}/api/stripe/webhook`);
  const shared = { ...env, webhookSecret: endpoint.secret! };
  const server = await startApiServer(shared, port);
  const worker = await startWorkerProcess(shared);
  return { server, worker };
}
