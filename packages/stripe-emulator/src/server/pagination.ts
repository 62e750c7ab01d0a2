import { invalidRequest, resourceMissing } from './errors.ts';

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: number | { gt?: number; gte?: number; lt?: number; lte?: number };
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

function inCreatedRange(created: number, range: ListParams['created']): boolean {
  if (range === undefined) return true;
  if (typeof range === 'number') return created === range;
  return (
    (range.gt === undefined || created > range.gt) &&
    (range.gte === undefined || created >= range.gte) &&
    (range.lt === undefined || created < range.lt) &&
    (range.lte === undefined || created <= range.lte)
  );
}

/** Newest first, as Stripe lists; rows created in the same second keep reverse creation order. */
export function newestFirst<T extends { created: number }>(rows: T[]): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.created - a.row.created || b.index - a.index)
    .map((entry) => entry.row);
}

export function paginate<T extends { id: string }>(
  ordered: T[],
  params: ListParams,
  url: string,
  noun?: string,
): ListObject<T> {
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
    );
  }
  const rows =
    params.created === undefined
      ? ordered
      : ordered.filter((row) => inCreatedRange(createdOf(row), params.created));
  if (params.starting_after !== undefined) {
    const index = rows.findIndex((row) => row.id === params.starting_after);
    if (index < 0) throw resourceMissing(params.starting_after, noun, 'starting_after', 400);
    const data = rows.slice(index + 1, index + 1 + limit);
    return { object: 'list', data, has_more: index + 1 + limit < rows.length, url };
  }
  if (params.ending_before !== undefined) {
    const index = rows.findIndex((row) => row.id === params.ending_before);
    if (index < 0) throw resourceMissing(params.ending_before, noun, 'ending_before', 400);
    const start = Math.max(0, index - limit);
    return { object: 'list', data: rows.slice(start, index), has_more: start > 0, url };
  }
  return { object: 'list', data: rows.slice(0, limit), has_more: rows.length > limit, url };
}

function createdOf(row: object): number {
  const created = (row as { created?: unknown }).created;
  return typeof created === 'number' ? created : 0;
}
