import { is, Param, Placeholder, sql, type Query } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';

/** What a Drizzle query built with `sql.placeholder(…)` values gives to run it: its SQL and params. */
interface Preparable {
  getQuery(): Query;
}

/** The internals of a prepared query that `session.prepareQuery` takes back: how rows map to objects. */
interface PreparedInternals {
  fields?: unknown;
  joinsNotNullableMap?: unknown;
}

interface Built {
  sql: string;
  encoders: ((values: Record<string, unknown>) => unknown)[];
  fields: unknown;
  joinsNotNullableMap: unknown;
}

type Session = {
  prepareQuery(
    query: Query,
    fields: unknown,
    name: string | undefined,
    isResponseInArrayMode: boolean,
  ): { joinsNotNullableMap?: unknown; execute(): Promise<unknown> };
};

/**
 * A statement whose SQL Drizzle builds once, on first use, and which then runs with new values on any
 * handle (the pool or a transaction, node-postgres or PGlite). Building the SQL was most of the
 * worker's CPU per webhook event. `build` writes the statement with `sql.placeholder(name)` for every
 * value that varies; each value is encoded as the column it is bound to would encode it, and a null
 * stays null, as when the statement is built with the value itself. On node-postgres the statement is
 * named, so each connection also parses and plans it once.
 */
export function statementOnce<V extends object, R = unknown>(
  name: string,
  build: (db: Db) => Preparable,
): (db: Db, values: V) => Promise<R> {
  let built: Built | undefined;
  return async (db, values) => {
    built ??= compile(build(db));
    const params = built.encoders.map((encode) => encode(values as Record<string, unknown>));
    const session = db._.session as unknown as Session;
    const prepared = session.prepareQuery(
      { sql: built.sql, params },
      built.fields,
      name,
      built.fields !== undefined,
    );
    prepared.joinsNotNullableMap = built.joinsNotNullableMap;
    return prepared.execute() as Promise<R>;
  };
}

/**
 * A value to fill in at each run, typed as the value it stands for: Drizzle binds a placeholder to the
 * column it is written to (and encodes it as that column) in an update's `set` too, though its types
 * accept one only in inserts and conditions.
 */
export const slot = <T>(name: string): T => sql.placeholder(name) as unknown as T;

/** A slot for each key of `values`, named after it. */
export const slotsFor = <T extends object>(values: T): T =>
  Object.fromEntries(Object.keys(values).map((key) => [key, slot(key)])) as T;

function compile(query: Preparable): Built {
  const { sql, params } = query.getQuery();
  const internals = query as Preparable & PreparedInternals;
  return {
    sql,
    encoders: params.map(encoderOf),
    fields: internals.fields,
    joinsNotNullableMap: internals.joinsNotNullableMap,
  };
}

function encoderOf(param: unknown): (values: Record<string, unknown>) => unknown {
  if (is(param, Placeholder)) return (values) => valueOf(values, param.name);
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder } = param;
    const key = param.value.name;
    return (values) => {
      const value = valueOf(values, key);
      return value === null ? null : encoder.mapToDriverValue(value);
    };
  }
  // A value written into the statement itself (a literal such as a grant's source) is the same each run.
  return () => param;
}

function valueOf(values: Record<string, unknown>, key: string): unknown {
  const value = values[key];
  // Drizzle would leave an undefined column out (or write its default); a fixed statement cannot.
  if (value === undefined) throw new Error(`no value for "${key}"`);
  return value;
}
