import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/platform/db/database.ts';

export interface Route {
  method: string;
  url: string;
}

/**
 * Every route the app has, read from Fastify's own route tree, so a route added later is attacked and
 * fuzzed without editing these tests. HEAD and OPTIONS are Fastify's automatic siblings and skipped.
 */
export function listRoutes(app: FastifyInstance): Route[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = url;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS' && url !== '*') routes.push({ method, url });
    }
  }
  return routes;
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Rows of a query on either database kind (PGlite or a PostgreSQL pool). */
export async function rows<T = Record<string, unknown>>(database: Database, text: string): Promise<T[]> {
  if (database.pglite) return (await database.pglite.query<T>(text)).rows;
  return (await database.pool!.query(text)).rows as T[];
}

/** One checksum per application table (schema public): any inserted, changed or deleted row shows. */
const DELIVERY_COLUMNS = ['status', 'attempts', 'last_error', 'next_attempt_at', 'claimed_until', 'sent_at']
  .map((c) => `'${c}'`)
  .join(', ');

export async function tableChecksums(database: Database): Promise<Record<string, string>> {
  const tables = await rows<{ name: string }>(
    database,
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'security_write_log'
      order by 1`,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    // Mail delivery runs in the background and marks rows sent: that is no request's write.
    const rowText = name === 'email_outbox' ? `(to_jsonb(t) - array[${DELIVERY_COLUMNS}])::text` : 't::text';
    const [row] = await rows<{ sum: string | null; n: string | number }>(
      database,
      `select md5(coalesce(string_agg(${rowText}, '|' order by ${rowText}), '')) as sum, count(*) as n from "${name}" t`,
    );
    sums[name] = `${row!.n}:${row!.sum}`;
  }
  return sums;
}

export interface WriteLog {
  /** How many rows have been written, in any table, since installation. */
  count(): Promise<number>;
  /** The writes after position `from`: table and operation. */
  since(from: number): Promise<{ table: string; op: string }[]>;
  /** The writes since the previous call of next() (one query: cheap enough to run after every request). */
  next(): Promise<{ table: string; op: string }[]>;
}

/**
 * A row-level trigger on every application table logs each insert, update and delete, so a test can
 * tell exactly whether one request wrote anything (a per-request checksum of every table is too slow).
 */
export async function installWriteLog(database: Database): Promise<WriteLog> {
  await rows(
    database,
    `create table if not exists security_write_log (id bigserial primary key, tbl text not null, op text not null)`,
  );
  await rows(
    database,
    `create or replace function security_log_write() returns trigger language plpgsql as $$
     begin insert into security_write_log (tbl, op) values (TG_TABLE_NAME, TG_OP); return null; end $$`,
  );
  const tables = await rows<{ name: string }>(
    database,
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'security_write_log'`,
  );
  for (const { name } of tables) {
    await rows(
      database,
      `create or replace trigger security_log_write after insert or update or delete on "${name}"
       for each row execute function security_log_write()`,
    );
  }
  const writesAfter = async (from: number) => {
    const all = await rows<{ id: string | number; table: string; op: string }>(
      database,
      `select id, tbl as "table", op from security_write_log where id > ${Number(from)} order by id`,
    );
    return {
      last: all.length > 0 ? Number(all.at(-1)!.id) : from,
      // The mail sender marks queued mail sent in the background, whatever request is running.
      writes: all
        .filter((w) => !(w.table === 'email_outbox' && w.op === 'UPDATE'))
        .map(({ table, op }) => ({ table, op })),
    };
  };
  const count = async () => {
    const [row] = await rows<{ n: string | number | null }>(
      database,
      'select max(id) as n from security_write_log',
    );
    return Number(row?.n ?? 0);
  };
  let cursor = await count();
  return {
    count,
    since: async (from) => (await writesAfter(from)).writes,
    async next() {
      const { last, writes } = await writesAfter(cursor);
      cursor = last;
      return writes;
    },
  };
}

/** Strings that break naive SQL, HTML, paths and parsers. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  'Robert\'); DROP TABLE "users";--',
  '" OR ""="',
  "1' UNION SELECT password_hash, email FROM users --",
  "%' OR 1=1 --",
  '\\',
  "\\'; select pg_sleep(5); --",
  '$$; delete from sessions; $$',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\u202e\u0000\ud83d\ude00',
  '{{7*7}}${7*7}',
];
