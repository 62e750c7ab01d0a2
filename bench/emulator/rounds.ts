interface Sum {
  ms: number;
  cpuMs: number;
  calls: number;
}

/** A point in time: wall clock and this process's CPU time (user + system), in milliseconds. */
export interface Mark {
  ms: number;
  cpuMs: number;
}

export function mark(): Mark {
  const { user, system } = process.cpuUsage();
  return { ms: performance.now(), cpuMs: (user + system) / 1000 };
}

/**
 * Per-round sums of wall and CPU milliseconds and call counts for each measured figure. Client and
 * servers share this one process, so its CPU time is the whole cost of a call: unlike wall time it
 * does not grow while other processes hold the machine's cores.
 */
export class Rounds {
  private readonly rounds: Map<string, Sum>[] = [];

  next(): void {
    this.rounds.push(new Map());
  }

  /** Time `run` (which makes `calls` calls) and add it to the current round under `name`. */
  async time(name: string, calls: number, run: () => Promise<unknown>): Promise<void> {
    const started = mark();
    await run();
    this.add(name, started, mark(), calls);
  }

  add(name: string, from: Mark, to: Mark, calls: number): void {
    const round = this.rounds.at(-1)!;
    const entry = round.get(name) ?? { ms: 0, cpuMs: 0, calls: 0 };
    entry.ms += to.ms - from.ms;
    entry.cpuMs += to.cpuMs - from.cpuMs;
    entry.calls += calls;
    round.set(name, entry);
  }

  /** Wall (or CPU) milliseconds per call of `name` in each round. */
  perCall(name: string, clock: 'ms' | 'cpuMs' = 'ms'): number[] {
    return this.rounds.map((round) => {
      const entry = round.get(name);
      return entry ? entry[clock] / entry.calls : Number.NaN;
    });
  }

  /** Each round's ratio of `name` to `baseline` (per call), so both come from the same stretch of time. */
  ratios(name: string, baseline: string, clock: 'ms' | 'cpuMs' = 'ms'): number[] {
    const values = this.perCall(name, clock);
    const bases = this.perCall(baseline, clock);
    return values.map((value, index) => value / bases[index]!);
  }

  get count(): number {
    return this.rounds.length;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
