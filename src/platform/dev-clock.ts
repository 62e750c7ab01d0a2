import { eq } from 'drizzle-orm';
import type { Db } from './db/database.ts';
import { appSettings } from './db/schema/index.ts';
import type { Clock } from './clock.ts';

const KEY = 'dev_clock_offset_ms';

/** A clock that time travel can move forward; the system clock cannot be moved. */
export interface MovableClock extends Clock {
  set(to: Date): void;
}

export const isMovable = (clock: Clock): clock is MovableClock =>
  typeof (clock as MovableClock).set === 'function';

/**
 * Development's simulated instant: wall time plus an offset that only grows. It keeps moving like
 * a real clock (sessions and rate limits behave), and time travel adds to the offset. The offset is
 * stored, so a restart stays at the same point of the story as the persisted Stripe test clocks.
 */
export class DevClock implements MovableClock {
  #offsetMs: number;
  constructor(offsetMs = 0) {
    this.#offsetMs = offsetMs;
  }
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  set(to: Date): void {
    this.#offsetMs = Math.max(this.#offsetMs, to.getTime() - Date.now());
  }
  get offsetMs() {
    return this.#offsetMs;
  }

  static async load(db: Db): Promise<DevClock> {
    const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
    return new DevClock(typeof row?.value === 'number' ? row.value : 0);
  }

  async save(db: Db): Promise<void> {
    const value = { key: KEY, value: this.#offsetMs, updatedAt: new Date() };
    await db.insert(appSettings).values(value).onConflictDoUpdate({ target: appSettings.key, set: value });
  }
}
