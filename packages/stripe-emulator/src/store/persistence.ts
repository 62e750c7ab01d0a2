import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface PersistedState {
  format: 1;
  tables: Record<string, unknown[]>;
  clock: { offsetSeconds: number; frozenAt: number | null };
}

export function loadState(file: string): PersistedState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as PersistedState;
  if (parsed.format !== 1) throw new Error(`${file}: unknown emulator data format`);
  return parsed;
}

/** Write to a temporary file and rename, so a crash mid-write never leaves half a file. */
export function saveState(file: string, state: PersistedState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

/** A write may take at most this share of the time while changes keep coming. */
const WRITE_SHARE = 0.1;

/**
 * Coalesces many changes into one write a little later; `flush` writes now (on close). Each write
 * saves the whole state, so once that takes long (a big state), writes are spaced out in proportion
 * and the emulator keeps answering instead of spending its time serializing.
 */
export class DebouncedWriter {
  private timer: NodeJS.Timeout | undefined;
  private readonly write: () => void;
  private readonly delayMs: number;
  private lastWriteMs = 0;

  constructor(write: () => void, delayMs: number) {
    this.write = write;
    this.delayMs = delayMs;
  }

  /** The wait before the next write: the base delay, or longer after a slow write. */
  get nextDelayMs(): number {
    return Math.max(this.delayMs, Math.round(this.lastWriteMs / WRITE_SHARE));
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.nextDelayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    this.write();
    this.lastWriteMs = performance.now() - started;
  }
}
