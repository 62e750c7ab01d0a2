import { invalidRequest } from '../server/errors.ts';
import { newestFirst } from '../server/pagination.ts';
import { int, string, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';

interface Clause {
  field: string;
  key: string | null;
  op: ':' | '~';
  value: string;
}

const CLAUSE = /^\s*([a-z_]+)(?:\[['"]([^'"]+)['"]\])?\s*([:~])\s*['"]([^'"]*)['"]\s*$/;

/** Stripe's search language, the part people use: `email:'a@b.c' AND metadata['k']:'v'`, `name~'ann'`. */
function parseQuery(query: string, fields: string[]): { clauses: Clause[]; any: boolean } {
  const any = /\sOR\s/.test(query);
  if (any && /\sAND\s/.test(query)) throw invalidRequest('Search queries cannot mix AND and OR.', 'query');
  const clauses = query.split(any ? /\sOR\s/ : /\sAND\s/).map((part) => {
    const match = CLAUSE.exec(part);
    if (!match) throw invalidRequest(`Invalid search query: ${query}`, 'query');
    const [, field, key, op, value] = match as unknown as [
      string,
      string,
      string | undefined,
      ':' | '~',
      string,
    ];
    if (field !== 'metadata' && !fields.includes(field)) {
      throw invalidRequest(`Field \`${field}\` is not a supported field for search.`, 'query');
    }
    return { field, key: key ?? null, op, value };
  });
  return { clauses, any };
}

function matches(row: Record<string, unknown>, clause: Clause): boolean {
  const raw = clause.key ? (row.metadata as Record<string, string> | null)?.[clause.key] : row[clause.field];
  if (raw === null || raw === undefined) return false;
  const text = String(raw);
  return clause.op === ':' ? text === clause.value : text.toLowerCase().includes(clause.value.toLowerCase());
}

export function searchRows<T extends object>(
  rows: T[],
  params: { query?: string; limit?: number; page?: string },
  url: string,
  fields: string[],
): { object: 'search_result'; data: T[]; has_more: boolean; next_page: string | null; url: string } {
  if (!params.query) throw invalidRequest('Missing required param: query.', 'query');
  const { clauses, any } = parseQuery(params.query, fields);
  const found = rows.filter((row) => {
    const record = row as Record<string, unknown>;
    return any
      ? clauses.some((clause) => matches(record, clause))
      : clauses.every((clause) => matches(record, clause));
  });
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  const offset = params.page
    ? Number.parseInt(Buffer.from(params.page, 'base64url').toString('utf8'), 10) || 0
    : 0;
  const data = found.slice(offset, offset + limit);
  const more = offset + limit < found.length;
  return {
    object: 'search_result',
    data,
    has_more: more,
    next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    url,
  };
}

/** `GET /v1/<resource>/search` over a table, newest first, as every searchable resource has it. */
export function searchRoute<T extends { created: number }>(
  router: Router,
  resource: string,
  table: { values(): Iterable<T> },
  fields: string[],
): void {
  const url = `/v1/${resource}/search`;
  router.get(url, ({ params }) => {
    const query = validate<{ query?: string; limit?: number; page?: string }>(params, {
      query: string,
      limit: int,
      page: string,
    });
    return searchRows(newestFirst([...table.values()]), query, url, fields);
  });
}
