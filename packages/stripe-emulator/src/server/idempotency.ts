import { ApiError } from './errors.ts';

interface Saved {
  fingerprint: string;
  status: number;
  body: string;
  savedAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LIMIT = 50_000;

/** Stripe keeps the first response to an idempotency key for 24 hours and replays it. */
export class IdempotencyCache {
  private readonly saved = new Map<string, Saved>();

  lookup(key: string, fingerprint: string): Saved | undefined {
    const entry = this.saved.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.savedAt > DAY_MS) {
      this.saved.delete(key);
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      // Stripe-Should-Retry: false stops the SDK from retrying what can never succeed.
      throw new ApiError(
        409,
        {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
        { 'stripe-should-retry': 'false' },
      );
    }
    return entry;
  }

  save(key: string, fingerprint: string, status: number, body: string): void {
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
