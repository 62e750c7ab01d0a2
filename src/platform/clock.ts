/** Time is an input: domain code takes `now`, the app reads it from a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: tests. */
export class ManualClock implements Clock {
  #at: number;
  constructor(start: Date = new Date()) {
    this.#at = start.getTime();
  }
  now(): Date {
    return new Date(this.#at);
  }
  set(to: Date): void {
    this.#at = to.getTime();
  }
  advance(ms: number): Date {
    this.#at += ms;
    return this.now();
  }
}
