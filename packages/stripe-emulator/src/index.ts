import type { AddressInfo } from 'node:net';
import { Emulator, type DunningSettings } from './emulator.ts';
import { buildRouter } from './routes.ts';
import { expandSourceFor } from './server/expand-source.ts';
import { createServer } from './server/http-server.ts';
import { IdempotencyCache } from './server/idempotency.ts';
import { DebouncedWriter, loadState, saveState } from './store/persistence.ts';
import { randomToken } from './store/ids.ts';
import { startTicker } from './billing/ticker.ts';
import type { ChaosSettings } from './webhooks/chaos.ts';
import { defaultDeliveryOptions, type DeliveryAttempt } from './webhooks/dispatcher.ts';

export interface WebhookTarget {
  url: string;
  /** Signing secret; one is generated when omitted (see `handle.webhookSecrets`). */
  secret?: string;
  /** Event types to send (`*` or `customer.*` patterns allowed); default all. */
  events?: string[];
}

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  webhooks?: WebhookTarget[];
  /** JSON file the state is loaded from and saved to, so it survives a restart. */
  dataFile?: string;
  /** Freeze the emulator clock: `true` at the current time, or a Unix time in seconds. */
  frozenTime?: boolean | number;
  /** Delays between webhook retries in milliseconds (Stripe's days, compressed). */
  retryDelaysMs?: number[];
  /** Time-out for one webhook delivery attempt. */
  webhookTimeoutMs?: number;
  dunning?: Partial<DunningSettings>;
  chaos?: Partial<ChaosSettings>;
  /** Most events kept for `events.list` (older ones are dropped). */
  maxEvents?: number;
  /** How often objects on the emulator clock are checked for due work (renewals…), in ms. */
  tickMs?: number;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  host: string;
  /** The secret of each configured webhook target, in the order given. */
  webhookSecrets: string[];
  emulator: Emulator;
  /** Resolves when every queued webhook delivery, retries included, has finished. */
  webhooksIdle(): Promise<void>;
  deliveries(): DeliveryAttempt[];
  reset(): void;
  close(): Promise<void>;
}

function frozenAt(option: EmulatorOptions['frozenTime']): number | null {
  if (option === true) return Math.floor(Date.now() / 1000);
  if (typeof option === 'number') return Math.floor(option);
  return null;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const webhookSecrets = (options.webhooks ?? []).map(
    (target) => target.secret ?? `whsec_${randomToken(32)}`,
  );
  const emulator = new Emulator({
    frozenAt: frozenAt(options.frozenTime),
    delivery: {
      retryDelaysMs: options.retryDelaysMs ?? defaultDeliveryOptions.retryDelaysMs,
      timeoutMs: options.webhookTimeoutMs ?? defaultDeliveryOptions.timeoutMs,
    },
    targets: (options.webhooks ?? []).map((target, index) => ({
      id: `we_configured_${index + 1}`,
      url: target.url,
      secret: webhookSecrets[index]!,
      enabledEvents: target.events ?? ['*'],
    })),
    maxEvents: options.maxEvents ?? 20_000,
  });
  if (options.dunning) emulator.dunning = { ...emulator.dunning, ...options.dunning };
  if (options.chaos) emulator.chaos.update(options.chaos as Record<string, unknown>);

  const dataFile = options.dataFile;
  let writer: DebouncedWriter | undefined;
  if (dataFile) {
    const saved = loadState(dataFile);
    if (saved) {
      emulator.db.store.restore(saved.tables);
      emulator.reindex();
      if (options.frozenTime === undefined) {
        emulator.clock.offsetSeconds = saved.clock.offsetSeconds;
        emulator.clock.frozenAt = saved.clock.frozenAt;
      }
    }
    const target = dataFile;
    writer = new DebouncedWriter(
      () =>
        saveState(target, {
          format: 1,
          tables: emulator.db.store.snapshot(),
          clock: { offsetSeconds: emulator.clock.offsetSeconds, frozenAt: emulator.clock.frozenAt },
        }),
      200,
    );
    const pending = writer;
    emulator.db.store.onChange(() => pending.schedule());
  }

  const idempotency = new IdempotencyCache();
  const server = createServer({
    emulator,
    router: buildRouter(emulator),
    idempotency,
    expandSource: expandSourceFor(emulator),
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 12111, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  emulator.baseUrl = url;
  const ticker = startTicker(emulator, options.tickMs ?? 1000);

  return {
    url,
    port,
    host,
    webhookSecrets,
    emulator,
    webhooksIdle: () => emulator.dispatcher.idle(),
    deliveries: () => [...emulator.dispatcher.log],
    reset: () => {
      emulator.reset();
      idempotency.clear();
    },
    close: async () => {
      clearInterval(ticker);
      emulator.dispatcher.close();
      writer?.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { Emulator, DunningSettings, ChaosSettings, DeliveryAttempt };
