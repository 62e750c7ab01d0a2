/**
 * Gated request: GET /api/pro/report with a session (session lookup + entitlement check + JSON) on
 * PostgreSQL, against a bare node:http route answering the same JSON, measured in the same run:
 * baseline and app alternate (BENCH_ROUNDS rounds, 3 by default) and the medians are reported, so a
 * burst of other work on the machine cannot land on one side only. 50 connections, 10 s each; the load
 * generator runs in a process of its own for every measurement.
 *
 *   node bench/gated-request.ts        (uses DATABASE_URL's server, or 127.0.0.1:5432)
 *
 * Each round also reports the CPU time each server process used per response (from /proc): a cost
 * that other work on the machine disturbs much less than throughput, so a change to the app's
 * per-request work shows there even when req/s swing.
 *
 * BENCH_APP_NODE_OPTIONS is handed to the app's process as NODE_OPTIONS, e.g. to profile it under
 * this load: BENCH_APP_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' (written when it stops).
 */
import { readFileSync } from 'node:fs';
import { accessGrants } from '../src/platform/db/schema/index.ts';
import { startBenchApp } from './support/app-server.ts';
import { loadFromOwnProcess, type LoadResult } from './support/load.ts';
import { freePort, startProcess, stopProcess } from './support/processes.ts';
import { report } from './support/report.ts';

const nodeOptions = process.env.BENCH_APP_NODE_OPTIONS;
const app = await startBenchApp('tollgate_bench_gated', nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
try {
  const register = await fetch(`${app.url}/api/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password' }),
  });
  const cookie = register.headers.get('set-cookie')!.split(';')[0]!;
  const { data } = (await register.json()) as { data: { user: { id: string } } };
  const now = new Date();
  await app.database.db.insert(accessGrants).values({
    userId: data.user.id,
    planId: 'pro',
    source: 'admin_grant',
    sourceRef: 'bench',
    startsAt: now,
    endsAt: new Date(now.getTime() + 30 * 24 * 3600 * 1000),
    createdAt: now,
    updatedAt: now,
  });
  const check = await fetch(`${app.url}/api/pro/report`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`gated route answered ${check.status}`);

  const barePort = await freePort();
  const bare = await startProcess(
    ['bench/support/bare-json-server.ts'],
    { PORT: String(barePort) },
    /listening/,
  );
  try {
    const bareRun = { url: `http://127.0.0.1:${barePort}/` };
    const appRun = { url: `${app.url}/api/pro/report`, headers: { cookie } };
    await loadFromOwnProcess({ ...bareRun, duration: 2 });
    await loadFromOwnProcess({ ...appRun, duration: 2 });

    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const baselines: LoadResult[] = [];
    const gated: LoadResult[] = [];
    const bareCpu: number[] = [];
    const appCpu: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const bareRound = await withCpu(bare.pid!, () => loadFromOwnProcess(bareRun));
      baselines.push(bareRound.result);
      bareCpu.push(bareRound.cpuUsPerResponse);
      const appRound = await withCpu(app.pid, () => loadFromOwnProcess(appRun));
      const run = appRound.result;
      if (run.non2xx > 0 || run.errors > 0)
        throw new Error(`gated run had ${run.non2xx} non-2xx and ${run.errors} errors`);
      gated.push(run);
      appCpu.push(appRound.cpuUsPerResponse);
      console.log(
        `round ${round + 1}: bare ${Math.round(baselines[round]!.requestsPerSecond)} req/s, ` +
          `gated ${Math.round(run.requestsPerSecond)} req/s (p99 ${run.p99Ms} ms), ` +
          `ratio ${(run.requestsPerSecond / baselines[round]!.requestsPerSecond).toFixed(2)}; ` +
          `CPU per response: bare ${bareCpu[round]!.toFixed(1)} µs, gated ${appCpu[round]!.toFixed(1)} µs`,
      );
    }

    const baseline = median(baselines.map((r) => r.requestsPerSecond));
    const throughput = median(gated.map((r) => r.requestsPerSecond));
    const ratio = median(gated.map((r, i) => r.requestsPerSecond / baselines[i]!.requestsPerSecond));
    const p99 = median(gated.map((r) => r.p99Ms));
    report([
      {
        name: `gated request throughput (median of ${rounds} alternating rounds)`,
        value: `${Math.round(throughput)} req/s`,
        baseline: `bare node:http, same JSON, ${Math.round(baseline)} req/s`,
        ratio,
        target: '≥ 0.50',
        ok: ratio >= 0.5,
      },
      {
        name: 'gated request p99 (50 connections)',
        value: `${p99} ms`,
        target: '< 20 ms',
        ok: p99 < 20,
      },
    ]);
    console.log(
      `server CPU per response (median): bare ${median(bareCpu).toFixed(1)} µs, ` +
        `gated ${median(appCpu).toFixed(1)} µs, bare/gated ${(median(bareCpu) / median(appCpu)).toFixed(2)}`,
    );
  } finally {
    await stopProcess(bare);
  }
} finally {
  await app.stop();
}

/** CPU time (user + system) of a process, in µs, from /proc (Linux; USER_HZ is 100 there). */
function cpuUs(pid: number): number {
  // Fields after "(comm) ": state is the first, utime and stime the 12th and 13th; in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
async function withCpu(pid: number, run: () => Promise<LoadResult>) {
  const before = cpuUs(pid);
  const result = await run();
  return { result, cpuUsPerResponse: (cpuUs(pid) - before) / (result.completed ?? 1) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
