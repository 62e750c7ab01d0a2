/**
 * The hourly sweep over 1,000,000 access grants (one user each) with 10,000 due for a 3-day warning
 * and 10,000 past their end, on PostgreSQL: Tollgate's sweep (rendered e-mails, batches) against the
 * same work as hand-written set-based SQL, each on its own clone of the same seeded database.
 *
 *   node bench/lifecycle-sweep.ts [grants]
 */
import { count, eq } from 'drizzle-orm';
import { loadCatalog } from '../src/catalog/catalog.ts';
import { runLifecycleSweep } from '../src/jobs/run-due-jobs.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openPostgres } from '../src/platform/db/database.ts';
import { emailOutbox } from '../src/platform/db/schema/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createStripeAccess } from '../src/stripe/client.ts';
import { freshBenchDatabase } from './support/bench-database.ts';
import { report } from './support/report.ts';

const GRANTS = Number(process.argv[2] ?? 1_000_000);
const DUE = 10_000;
const now = new Date('2026-06-01T12:00:00Z');

const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const urlFor = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const admin = await openPostgres(urlFor('postgres'), { max: 1 });

console.log(`seeding ${GRANTS} grants…`);
const seeded = await freshBenchDatabase('tollgate_bench_sweep_seed');
await seeded.database.pool!.query(
  `insert into users (id, email, name, password_hash, created_at, updated_at)
   select gen_random_uuid(), 'user' || i || '@example.com', 'User ' || i, 'x', $1, $1 from generate_series(1, $2) i`,
  [now, GRANTS],
);
await seeded.database.pool!.query(
  `insert into access_grants (user_id, plan_id, source, source_ref, starts_at, ends_at, created_at, updated_at)
   select id, 'pro', 'one_time', 'seed-' || row_number() over (), $1::timestamptz - interval '10 days',
     case when row_number() over () <= $2 then $1::timestamptz + interval '2 days 12 hours'
          when row_number() over () <= $2 * 2 then $1::timestamptz - interval '1 hour'
          else $1::timestamptz + interval '30 days' + (random() * interval '300 days') end,
     $1, $1
   from users`,
  [now, DUE],
);
await seeded.database.pool!.query('vacuum analyze');
await seeded.database.close();

async function clone(name: string) {
  await admin.pool!.query(`drop database if exists "${name}" with (force)`);
  await admin.pool!.query(`create database "${name}" template tollgate_bench_sweep_seed`);
  return openPostgres(urlFor(name), { max: 5 });
}

// Tollgate's sweep.
const appDb = await clone('tollgate_bench_sweep_app');
const deps = {
  db: appDb.db,
  stripe: createStripeAccess({ secretKey: 'sk_test_unused', apiBase: 'http://127.0.0.1:9' }),
  catalog: loadCatalog(),
  clock: new ManualClock(now),
  logger: createLogger('silent'),
  accessPolicy: { pastDueGraceDays: null },
  appUrl: 'https://app.example',
  testClocks: false,
};
let started = performance.now();
const result = await runLifecycleSweep(deps);
const appSeconds = (performance.now() - started) / 1000;
const appMails = (await appDb.db.select({ n: count() }).from(emailOutbox))[0]!.n;
if (result.warned !== DUE || result.expired !== DUE || appMails !== DUE * 2) {
  throw new Error(`sweep did ${JSON.stringify(result)} and queued ${appMails} mails`);
}
await appDb.close();

// The same work as hand-written SQL.
const sqlDb = await clone('tollgate_bench_sweep_sql');
started = performance.now();
await sqlDb.pool!.query(
  `with due as (
     select g.id, g.user_id, g.ends_at, u.email, u.name from access_grants g join users u on u.id = g.user_id
     where g.status = 'active' and not g.renews and g.ends_at > $1 and g.ends_at <= $1::timestamptz + interval '3 days'
       and (g.warned_for_ends_at is null or g.warned_for_ends_at <> g.ends_at)
       and not exists (select 1 from access_grants l where l.user_id = g.user_id and l.status = 'active' and l.id <> g.id
                       and l.starts_at <= g.ends_at and (l.ends_at is null or l.ends_at > g.ends_at))),
   mails as (
     insert into email_outbox (dedupe_key, user_id, to_address, kind, subject, text_body, html_body, created_at, next_attempt_at)
     select 'expiry-warning:' || id || ':' || ends_at, user_id, email, 'expiry_warning', 'Your Pro access ends soon',
            'Hi ' || name || ', your Pro access ends on ' || ends_at, '<p>Hi ' || name || '</p>', $1, $1 from due
     on conflict (dedupe_key) do nothing)
   update access_grants set warned_for_ends_at = ends_at where id in (select id from due)`,
  [now],
);
await sqlDb.pool!.query(
  `with ended as (update access_grants set status = 'ended', updated_at = $1 where status = 'active' and ends_at <= $1 returning id, user_id)
   insert into email_outbox (dedupe_key, user_id, to_address, kind, subject, text_body, html_body, created_at, next_attempt_at)
   select 'access-expired:one_time:' || e.id, e.user_id, u.email, 'access_expired', 'Your Pro access has expired',
          'Hi ' || u.name || ', your access has ended', '<p>Hi ' || u.name || '</p>', $1, $1
   from ended e join users u on u.id = e.user_id
   where not exists (select 1 from access_grants a where a.user_id = e.user_id and a.status = 'active' and a.id <> e.id
                     and (a.ends_at is null or a.ends_at > $1))
   on conflict (dedupe_key) do nothing`,
  [now],
);
const sqlSeconds = (performance.now() - started) / 1000;
const sqlMails = (
  await sqlDb.db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.status, 'pending'))
)[0]!.n;
if (sqlMails !== DUE * 2) throw new Error(`hand-written SQL queued ${sqlMails} mails`);
await sqlDb.close();
await admin.close();

const ratio = appSeconds / sqlSeconds;
report([
  {
    name: `hourly sweep, ${GRANTS} grants (${DUE} warnings, ${DUE} expiries)`,
    value: `${appSeconds.toFixed(2)} s`,
    target: '< 10 s',
    ok: appSeconds < 10,
  },
  {
    name: 'sweep vs hand-written SQL',
    value: `${appSeconds.toFixed(2)} s`,
    baseline: `hand-written SQL ${sqlSeconds.toFixed(2)} s`,
    ratio,
    target: '≤ 3.00',
    ok: ratio <= 3,
  },
]);
