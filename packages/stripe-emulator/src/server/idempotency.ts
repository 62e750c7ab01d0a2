import { ApiError } from './errors.ts';

interface Saved {
  fingerprint: string;
  status: number;
  /** The response as sent (UTF-8 JSON), kept off the JS heap. */
  body: Buffer;
  savedAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LIMIT = 50_000;

/** Stripe keeps the first response to an idempotency key for 24 hours and replays it. */
export class IdempotencyCache {
  private readonly saved = new Map<string, Saved>();
  private readonly inFlight = new Set<string>();

  lookup(key: string, fingerprint: string): Saved | undefined {
    const entry = this.saved.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.savedAt > DAY_MS) {
      this.saved.delete(key);
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      // Stripe answers a reused key with different parameters with 400 (409 is for a key in flight).
      throw new ApiError(
        400,
        {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
        { 'stripe-should-retry': 'false' },
      );
    }
    return entry;
  }

  /** A second request with a key whose first request is still running gets 409, as on Stripe. */
  begin(key: string): void {
    if (this.inFlight.has(key)) {
      throw new ApiError(
        409,
        {
          type: 'idempotency_error',
          message: `There is currently another in-progress request using this Idempotent Key (${key}). Please try again later.`,
        },
        { 'stripe-should-retry': 'true' },
      );
    }
    this.inFlight.add(key);
  }

  end(key: string): void {
    this.inFlight.delete(key);
  }

  save(key: string, fingerprint: string, status: number, body: Buffer): void {
    if (this.saved.size >= LIMIT) {
      const oldest = this.saved.keys().next().value;
      if (oldest !== undefined) this.saved.delete(oldest);
    }
    this.saved.set(key, { fingerprint, status, body, savedAt: Date.now() });
  }

  clear(): void {
    this.saved.clear();
  }
}
