import type { z } from 'zod';
import { validationFailed } from '../platform/errors.ts';

/** Parses input with a zod schema; failures become VALIDATION_FAILED with a message per field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
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
