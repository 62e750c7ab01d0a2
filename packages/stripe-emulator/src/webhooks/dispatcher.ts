import { randomToken } from '../store/ids.ts';
import type { Chaos } from './chaos.ts';
import type { DeliveryTarget } from './endpoint.ts';
import { postJson } from './post.ts';
import { signatureHeader } from './signing.ts';

export interface DeliveryOptions {
  /** Delay before each retry; Stripe's ~3 days of backoff compressed to seconds by default. */
  retryDelaysMs: number[];
  timeoutMs: number;
}

export const defaultDeliveryOptions: DeliveryOptions = {
  retryDelaysMs: [1000, 2000, 4000, 8000, 16000, 32000],
  timeoutMs: 10_000,
};

export interface DeliveryAttempt {
  id: string;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  attempt: number;
  duplicate: boolean;
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
  delivered_at: number;
  will_retry: boolean;
}

interface Job {
  eventId: string;
  type: string;
  payload: string;
  target: DeliveryTarget;
  attempt: number;
  duplicate: boolean;
  dueAt: number;
  sequence: number;
}

export interface DeliveryOutcome {
  eventId: string;
  endpointId: string;
  ok: boolean;
  final: boolean;
}

const LOG_LIMIT = 10_000;

/** Sends signed events, one at a time per endpoint, retrying failures on the compressed schedule. */
export class Dispatcher {
  readonly log: DeliveryAttempt[] = [];
  private readonly queues = new Map<string, Job[]>();
  private readonly busy = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: (() => void)[] = [];
  private sequence = 0;
  private closed = false;
  options: DeliveryOptions;
  private readonly chaos: Chaos;
  private readonly onOutcome: (outcome: DeliveryOutcome) => void;

  constructor(options: DeliveryOptions, chaos: Chaos, onOutcome: (outcome: DeliveryOutcome) => void) {
    this.options = options;
    this.chaos = chaos;
    this.onOutcome = onOutcome;
  }

  enqueue(eventId: string, type: string, payload: string, target: DeliveryTarget): void {
    if (this.closed) return;
    this.push({
      eventId,
      type,
      payload,
      target,
      attempt: 1,
      duplicate: false,
      dueAt: Date.now(),
      sequence: 0,
    });
    if (this.chaos.chance(this.chaos.settings.duplicateRate)) {
      this.push({
        eventId,
        type,
        payload,
        target,
        attempt: 1,
        duplicate: true,
        dueAt: Date.now(),
        sequence: 0,
      });
    }
  }

  private push(job: Job): void {
    job.sequence = this.sequence++;
    const queue = this.queues.get(job.target.id) ?? [];
    queue.push(job);
    this.queues.set(job.target.id, queue);
    setImmediate(() => this.pump(job.target.id));
  }

  private nextJob(queue: Job[], now: number): Job | undefined {
    const due = queue.filter((job) => job.dueAt <= now);
    if (due.length === 0) return undefined;
    const pick = this.chaos.settings.shuffle
      ? due[Math.floor(this.chaos.random() * due.length)]!
      : due.reduce((a, b) => (a.sequence <= b.sequence ? a : b));
    queue.splice(queue.indexOf(pick), 1);
    return pick;
  }

  private pump(endpointId: string): void {
    if (this.closed || this.busy.has(endpointId)) return;
    const queue = this.queues.get(endpointId);
    if (!queue || queue.length === 0) {
      this.checkIdle();
      return;
    }
    const now = Date.now();
    const job = this.nextJob(queue, now);
    if (!job) {
      const wait = Math.max(1, Math.min(...queue.map((entry) => entry.dueAt)) - now);
      this.later(() => this.pump(endpointId), wait);
      return;
    }
    this.busy.add(endpointId);
    void this.attempt(job).finally(() => {
      this.busy.delete(endpointId);
      this.pump(endpointId);
    });
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(job: Job): Promise<void> {
    const { delayMs, failRate } = this.chaos.settings;
    if (delayMs > 0) await new Promise((resolve) => this.later(() => resolve(undefined), delayMs));
    if (this.closed) return;
    const started = Date.now();
    const deliveredAt = Math.floor(started / 1000);
    let status: number | null = null;
    let error: string | null;
    if (this.chaos.chance(failRate)) {
      error = 'chaos: simulated delivery failure';
    } else {
      const result = await postJson(
        job.target.url,
        job.payload,
        {
          'stripe-signature': signatureHeader(job.payload, job.target.secret, deliveredAt),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        this.options.timeoutMs,
      );
      status = result.status;
      error = result.error;
    }
    const ok = status !== null && status >= 200 && status < 300;
    const retryDelay = this.options.retryDelaysMs[job.attempt - 1];
    const willRetry = !ok && retryDelay !== undefined && !this.closed;
    this.record({
      id: `dlv_${randomToken(16)}`,
      event: job.eventId,
      type: job.type,
      endpoint: job.target.id,
      url: job.target.url,
      attempt: job.attempt,
      duplicate: job.duplicate,
      status,
      ok,
      error: error ?? (ok ? null : `receiver answered ${status}`),
      duration_ms: Date.now() - started,
      delivered_at: deliveredAt,
      will_retry: willRetry,
    });
    if (willRetry) {
      this.push({ ...job, attempt: job.attempt + 1, dueAt: Date.now() + retryDelay });
    }
    if (!job.duplicate)
      this.onOutcome({ eventId: job.eventId, endpointId: job.target.id, ok, final: ok || !willRetry });
  }

  private record(attempt: DeliveryAttempt): void {
    this.log.push(attempt);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  get pending(): number {
    let count = this.busy.size;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /** Resolves once every queued delivery (retries included) has finished. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if (this.pending > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Drop queued deliveries and the log (used by reset). */
  clear(): void {
    this.queues.clear();
    this.log.length = 0;
    this.checkIdle();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queues.clear();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
