import { invalidRequest } from '../server/errors.ts';
import { seededRandom } from './random.ts';

export interface ChaosSettings {
  /** Probability (0–1) that a delivery is sent twice. */
  duplicateRate: number;
  /** Deliver queued events in random order instead of creation order. */
  shuffle: boolean;
  /** Extra delay before each delivery attempt. */
  delayMs: number;
  /** Probability that a delivery attempt fails without reaching the receiver (it is then retried). */
  failRate: number;
  /** Probability that an API call answers 500 or 429 with `Stripe-Should-Retry: true`. */
  apiErrorRate: number;
  /** Extra latency added to every API call. */
  apiLatencyMs: number;
  seed?: number;
}

export const calmChaos: ChaosSettings = {
  duplicateRate: 0,
  shuffle: false,
  delayMs: 0,
  failRate: 0,
  apiErrorRate: 0,
  apiLatencyMs: 0,
};

export class Chaos {
  settings: ChaosSettings = { ...calmChaos };
  random: () => number = Math.random;

  update(input: Record<string, unknown>): ChaosSettings {
    const next: ChaosSettings = { ...this.settings };
    for (const [key, value] of Object.entries(input)) {
      if (key === 'shuffle') {
        if (typeof value !== 'boolean') throw invalidRequest('shuffle must be a boolean', key);
        next.shuffle = value;
      } else if (key === 'duplicateRate' || key === 'failRate' || key === 'apiErrorRate') {
        if (typeof value !== 'number' || value < 0 || value > 1)
          throw invalidRequest(`${key} must be between 0 and 1`, key);
        next[key] = value;
      } else if (key === 'delayMs' || key === 'apiLatencyMs' || key === 'seed') {
        if (typeof value !== 'number' || value < 0 || !Number.isFinite(value)) {
          throw invalidRequest(`${key} must be a non-negative number`, key);
        }
        next[key] = value;
      } else {
        throw invalidRequest(`Unknown chaos setting: ${key}`, key);
      }
    }
    this.settings = next;
    if (input.seed !== undefined) this.random = seededRandom(next.seed ?? 0);
    return next;
  }

  reset(): void {
    this.settings = { ...calmChaos };
    this.random = Math.random;
  }

  chance(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }
}
