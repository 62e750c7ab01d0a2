/**
 * The emulator's own clock for objects not on a test clock: wall time plus an offset that
 * `/_emulator/clock` moves forward, or a fixed instant when frozen.
 */
export class EmulatorClock {
  offsetSeconds = 0;
  frozenAt: number | null;
  /** While due work is processed, time stands at each item's instant. */
  override: number | null = null;

  constructor(frozenAt: number | null) {
    this.frozenAt = frozenAt;
  }

  static wallSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  now(): number {
    return this.override ?? this.frozenAt ?? EmulatorClock.wallSeconds() + this.offsetSeconds;
  }

  setTo(time: number): void {
    this.override = null;
    if (this.frozenAt !== null) this.frozenAt = time;
    else this.offsetSeconds += time - this.now();
  }
}
