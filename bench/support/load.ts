import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Responses received. */
  completed?: number;
  p50Ms?: number;
}

/** Runs autocannon (load from this process) against a server running in another process. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  // With `amount` the run ends after that many requests; otherwise after `duration` seconds.
  const result = await autocannon({
    connections: 50,
    ...(options.amount ? {} : { duration: 10 }),
    ...options,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    completed: result.requests.total,
    p50Ms: result.latency.p50,
  };
}

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become healthy`);
}

/**
 * Like `load`, but autocannon runs in a fresh process of its own, so the load generator's heap and
 * event loop are the same for every measurement and share nothing with the benchmark's own work
 * (its database pool, the Stripe emulator).
 */
export async function loadFromOwnProcess(options: {
  url: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  duration?: number;
}): Promise<LoadResult> {
  const { execFile } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(new URL('./load-process.ts', import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--experimental-strip-types', script, JSON.stringify(options)],
      (error, out) => (error ? reject(error) : resolve(out)),
    );
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}
