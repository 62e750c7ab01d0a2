import type { z } from 'zod';
import { validationFailed } from '../platform/errors.ts';

/** The path of the first string holding a NUL character ('' for the input itself), if any. */
function pathOfNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOfNul(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses input with a zod schema; failures become VALIDATION_FAILED with a message per field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) {
    const nul = pathOfNul(result.data);
    // PostgreSQL text cannot hold U+0000: refused here, before any write, rather than a 500 later.
    if (nul !== undefined) throw validationFailed({ [nul || '_']: 'must not contain NUL characters' });
    return result.data;
  }
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : '_';
    details[field] ??= issue.message;
  }
  const fields = Object.keys(details).filter((f) => f !== '_');
  const message =
    fields.length > 0
      ? `Check these fields: ${fields.join(', ')}.`
      : (details._ ?? 'The request is not valid.');
  throw validationFailed(details, message);
}
