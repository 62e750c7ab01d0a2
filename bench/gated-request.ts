/**
 * Gated request: GET /api/pro/report with a session (session lookup + entitlement check + JSON) on
 * PostgreSQL, against a bare node:http JSON route measured in the same run. 50 connections, 10 s each.
 *
 *   node bench/gated-request.ts        (uses DATABASE_URL's server, or 127.0.0.1:5432)
 */
import { accessGrants } from '../src/platform/db/schema/index.ts';
import { startBenchApp } from './support/app-server.ts';
import { load } from './support/load.ts';
import { freePort, startProcess, stopProcess } from './support/processes.ts';
import { report } from './support/report.ts';

const app = await startBenchApp('tollgate_bench_gated');
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
  const bare = await startProcess(['bench/servers/bare-http.ts'], { PORT: String(barePort) }, /listening/);
  await load({ url: `http://127.0.0.1:${barePort}/`, duration: 2 });
  const baseline = await load({ url: `http://127.0.0.1:${barePort}/` });
  await stopProcess(bare);

  await load({ url: `${app.url}/api/pro/report`, headers: { cookie }, duration: 2 });
  const gated = await load({ url: `${app.url}/api/pro/report`, headers: { cookie } });
  if (gated.non2xx > 0 || gated.errors > 0)
    throw new Error(`gated run had ${gated.non2xx} non-2xx and ${gated.errors} errors`);

  const ratio = gated.requestsPerSecond / baseline.requestsPerSecond;
  report([
    {
      name: 'gated request throughput',
      value: `${Math.round(gated.requestsPerSecond)} req/s`,
      baseline: `bare node:http ${Math.round(baseline.requestsPerSecond)} req/s`,
      ratio,
      target: '≥ 0.50',
      ok: ratio >= 0.5,
    },
    {
      name: 'gated request p99 (50 connections)',
      value: `${gated.p99Ms} ms`,
      target: '< 20 ms',
      ok: gated.p99Ms < 20,
    },
  ]);
} finally {
  await app.stop();
}
