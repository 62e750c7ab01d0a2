import qs from 'qs';
import { invalidRequest } from './errors.ts';

/** Decode a form body or query string with Stripe's bracket notation (`a[b][0]=c`). */
export function parseForm(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    return qs.parse(text, {
      depth: 8,
      arrayLimit: 100,
      parameterLimit: 2000,
      allowPrototypes: false,
      strictDepth: true,
    }) as Record<string, unknown>;
  } catch {
    throw invalidRequest('Invalid request body: could not decode the form-encoded parameters.');
  }
}
