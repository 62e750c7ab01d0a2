/**
 * A copy of a parsed JSON value with every U+0000 removed from its strings and keys. PostgreSQL's
 * jsonb and text cannot hold that character, so one such event would fail its whole group commit with
 * a 5xx, and Stripe would deliver it (and fail its neighbours) again for days.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)]),
  ) as T;
}
