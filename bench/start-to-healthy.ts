/**
 * `npm start` to a healthy `/health`, in embedded mode (PGlite, emulator, workers in-process): once on
 * a fresh DATA_DIR (the first start after a clone and its web build) and once more on the same
 * DATA_DIR (every later start). The baseline, measured in the same run, is Node starting a bare
 * node:http server and answering the same poll. Rounds alternate (BENCH_ROUNDS, 3 by default) and the
 * medians are reported.
 *
 *   node bench/start-to-healthy.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from './support/processes.ts';
import { report } from './support/report.ts';

const TARGET_MS = 5_000;
const BARE_SERVER = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"success":true,"data":{"status":"ok"}}'); }).listen(Number(process.env.PORT), '127.0.0.1');`;

/** Starts `command`, polls GET /health every 20 ms until it answers 200; returns the milliseconds taken. */
async function timeToHealthy(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const port = env.PORT!;
  const started = performance.now();
  // Its own process group, so npm, the shell it runs and Node are stopped together.
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited: ${output.slice(-2000)}`);
      if (performance.now() - started > 120_000) throw new Error(`not healthy: ${output.slice(-2000)}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (healthy) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

async function npmStart(dataDir: string): Promise<number> {
  return timeToHealthy('npm', ['start', '--silent'], {
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    STRIPE_EMULATOR_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  });
}

async function bareNode(): Promise<number> {
  return timeToHealthy(process.execPath, ['-e', BARE_SERVER], { PORT: String(await freePort()) });
}

// "After the first build": the web app is built (or found fresh) before anything is timed.
execFileSync(process.execPath, ['--experimental-strip-types', 'scripts/build-web.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
});

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const baselines: number[] = [];
const fresh: number[] = [];
const again: number[] = [];
for (let round = 0; round < rounds; round++) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tollgate-start-bench-'));
  try {
    baselines.push(await bareNode());
    fresh.push(await npmStart(dataDir));
    again.push(await npmStart(dataDir));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `round ${round + 1}: bare node ${Math.round(baselines[round]!)} ms, npm start fresh DATA_DIR ` +
      `${Math.round(fresh[round]!)} ms, again ${Math.round(again[round]!)} ms`,
  );
}

const baseline = median(baselines);
const rows = [
  { name: 'npm start to healthy /health, fresh DATA_DIR', ms: median(fresh) },
  { name: 'npm start to healthy /health, existing DATA_DIR', ms: median(again) },
];
report(
  rows.map(({ name, ms }) => ({
    name: `${name} (median of ${rounds})`,
    value: `${(ms / 1000).toFixed(2)} s`,
    baseline: `node starting a bare node:http server to a 200 ${Math.round(baseline)} ms`,
    ratio: ms / baseline,
    target: `< ${TARGET_MS / 1000} s`,
    ok: ms < TARGET_MS,
  })),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
