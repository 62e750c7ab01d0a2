import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/app-deps.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { devMailboxTransport, type MailTransport } from '../../src/email/transport.ts';
import { createTestDatabase } from './test-database.ts';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { startJobQueue } from '../../src/jobs/queue.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { billingDepsOf } from '../../src/billing/billing-deps.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { startEmulator } from 'stripe-emulator';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  config: Config;
  deps: AppDeps;
  client(): TestClient;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: Database;
  mailer?: MailTransport;
  deps?: Partial<AppDeps>;
}

/** The real app on a real database (PGlite, or PostgreSQL when DATABASE_URL is set), driven in-process. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    APP_URL: 'http://tollgate.test',
    RATE_LIMIT_IP_PER_MINUTE: '0',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    ...options.env,
  });
  const clock = new ManualClock(new Date('2026-01-15T12:00:00Z'));
  const logger = createLogger('silent');
  const emulator = await startEmulator({ port: 0 });
  const deps: AppDeps = {
    config: { ...config, embedded: !process.env.DATABASE_URL },
    database,
    db: database.db,
    clock,
    mailer: options.mailer ?? devMailboxTransport,
    logger,
    stripe: createStripeAccess({ secretKey: 'sk_test_tollgate', apiBase: emulator.url, emulator: true }),
    catalog: loadCatalog(),
    queue: options.deps?.queue ?? (await startJobQueue(database, logger)),
    ...options.deps,
  };
  deps.workers = await startWorkers(deps.queue, billingDepsOf(deps), deps.mailer);
  const app = await createApp(deps);
  await app.ready();
  return {
    app,
    database,
    clock,
    config: deps.config,
    deps,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      await deps.queue.stop({ timeoutMs: 1000 }).catch(() => {});
      await emulator.close();
      await database.close();
    },
  };
}

export interface ApiResponse<T = any> extends Omit<LightMyRequestResponse, 'json'> {
  body: string;
  data: T;
  json: any;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token it was given. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  readonly app: FastifyInstance;
  constructor(app: FastifyInstance) {
    this.app = app;
  }

  async request<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.cookie) allHeaders.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in headers))
      allHeaders['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(body === undefined
        ? {}
        : typeof body === 'string'
          ? { payload: body }
          : { payload: body as object }),
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = line.split(';');
      const [, value] = pair!.split('=');
      this.cookie = value ? pair : undefined;
    }
    let json: any;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    if (json?.data?.csrfToken) this.csrfToken = json.data.csrfToken;
    return Object.assign(response, { json, data: json?.data }) as unknown as ApiResponse<T>;
  }

  get = <T = any>(url: string, headers?: Record<string, string>) =>
    this.request<T>('GET', url, undefined, headers);
  post = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', url, body, headers);

  async register(email: string, password = 'correct horse battery', name?: string) {
    const response = await this.post('/api/register', { email, password, ...(name ? { name } : {}) });
    if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
    return response.data.user;
  }

  async login(email: string, password = 'correct horse battery') {
    const response = await this.post('/api/login', { email, password });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    return response.data.user;
  }
}

/** Every error must have the API.md shape. */
export function expectErrorShape(response: ApiResponse, status: number, code: string) {
  const body = response.json;
  if (
    response.statusCode !== status ||
    body?.success !== false ||
    body.code !== code ||
    body.status !== status ||
    typeof body.error !== 'string'
  ) {
    throw new Error(`expected ${status} ${code}, got ${response.statusCode} ${response.body}`);
  }
  if (/\bat .+:\d+:\d+/.test(response.body)) throw new Error(`stack trace in response: ${response.body}`);
}
