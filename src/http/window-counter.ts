import type { Redis } from 'ioredis';

/**
 * Requests per key in fixed windows (one minute: "N per minute"), counted in this process and, with
 * Redis, shared between instances by a periodic sync rather than a round trip per request.
 *
 * With Redis each instance adds what it counted since the last sync to the shared count every
 * `syncMs` and learns the total back, so a key's limit holds across instances up to what they admit
 * between two syncs. That slack is fine for the general per-IP and per-user limits; the login
 * brute-force limit is exact and shared (src/accounts/login-throttle.ts) and does not use this.
 *
 * Windows follow the wall clock, not the app's (possibly simulated) clock: instances must agree on
 * them, and time travel in development must not lift or freeze a limit.
 */
export interface WindowCounterOptions {
  max: number;
  windowMs: number;
  redis?: Redis | undefined;
  /** Redis key prefix; one per limit. */
  name: string;
  syncMs?: number;
  now?: () => number;
  onSyncError?: (error: unknown) => void;
}

interface Tally {
  window: number;
  /** The shared total as of the last sync (this process's counts included). */
  shared: number;
  /** Counted here since the last sync. */
  unsynced: number;
}

export class WindowCounter {
  readonly #tallies = new Map<string, Tally>();
  readonly #options: WindowCounterOptions;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #syncing: Promise<void> | undefined;

  constructor(options: WindowCounterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#timer = setInterval(() => void this.sync(), options.syncMs ?? 250);
    this.#timer.unref();
  }

  /** Counts one request for `key`; returns 0 when it is allowed, else the seconds until its window ends. */
  hit(key: string): number {
    const now = this.#now();
    const window = Math.floor(now / this.#options.windowMs);
    let tally = this.#tallies.get(key);
    if (!tally || tally.window !== window) {
      tally = { window, shared: 0, unsynced: 0 };
      this.#tallies.set(key, tally);
    }
    if (tally.shared + tally.unsynced >= this.#options.max) {
      return ((window + 1) * this.#options.windowMs - now) / 1000;
    }
    tally.unsynced++;
    return 0;
  }

  /** Drops ended windows and, with Redis, exchanges this process's counts for the shared totals. */
  sync(): Promise<void> {
    return (this.#syncing ??= this.#exchange().finally(() => (this.#syncing = undefined)));
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #exchange(): Promise<void> {
    const window = Math.floor(this.#now() / this.#options.windowMs);
    const sending: [string, Tally, number][] = [];
    for (const [key, tally] of this.#tallies) {
      if (tally.window !== window) this.#tallies.delete(key);
      else if (tally.unsynced > 0) sending.push([key, tally, tally.unsynced]);
    }
    const redis = this.#options.redis;
    // Not while Redis is away: ioredis would queue the commands until it is back (or forever, once
    // disconnected on shutdown). The counts are sent with the first sync after it returns.
    if (!redis || redis.status !== 'ready' || sending.length === 0) return;
    const pipeline = redis.pipeline();
    for (const [key, tally, count] of sending) {
      const shared = `${this.#options.name}:${tally.window}:${key}`;
      pipeline.incrby(shared, count).pexpire(shared, this.#options.windowMs * 2);
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      let failure: unknown;
      sending.forEach(([, tally, count], index) => {
        const [error, total] = results[index * 2] ?? [new Error('no reply')];
        if (error || typeof total !== 'number') return void (failure ??= error);
        tally.unsynced -= count;
        tally.shared = total;
      });
      if (failure) this.#options.onSyncError?.(failure);
    } catch (error) {
      // Redis away: keep counting here (the counts are sent with the next sync that succeeds).
      this.#options.onSyncError?.(error);
    }
  }
}
