import qs from 'qs';
import { invalidRequest } from './errors.ts';

const QS_OPTIONS = {
  depth: 8,
  arrayLimit: 100,
  parameterLimit: 2000,
  allowPrototypes: false,
  strictDepth: true,
} as const;

/** A key the fast path understands: a name and bracketed segments (`items[0][price]`), no escapes. */
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[A-Za-z0-9_]+\])*$/;
const DIGITS = /^\d+$/;
const MAX_SEGMENTS = 1 + QS_OPTIONS.depth;

/** qs's value decoding: `+` is a space, then percent-escapes; a malformed escape keeps the text. */
function decodeValue(text: string): string {
  if (!text.includes('%')) return text.includes('+') ? text.replace(/\+/g, ' ') : text;
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

type Container = Record<string, unknown> | unknown[];

/**
 * The common case without qs's general machinery: distinct keys made of names and bracketed
 * segments, array indexes that fill their arrays from 0. Anything else (duplicates, `[]`, sparse or
 * large indexes, escaped brackets, prototype names, a value where an object is expected…) returns
 * undefined and goes to qs, so the result is always what qs gives.
 */
export function parseSimple(text: string): Record<string, unknown> | undefined {
  if (text.length > 64 * 1024 || /%5[bd]/i.test(text)) return undefined;
  const parts = text.split('&');
  if (parts.length > 500) return undefined;
  const root: Record<string, unknown> = {};
  const arrays: unknown[][] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const bracketEquals = part.indexOf(']=');
    const split = bracketEquals === -1 ? part.indexOf('=') : bracketEquals + 1;
    if (split <= 0) return undefined;
    const key = part.slice(0, split);
    if (seen.has(key) || !SIMPLE_KEY.test(key)) return undefined;
    seen.add(key);
    const open = key.indexOf('[');
    const segments = open < 0 ? [key] : [key.slice(0, open), ...key.slice(open + 1, -1).split('][')];
    if (segments.length > MAX_SEGMENTS) return undefined;
    let container: Container = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (Object.prototype.hasOwnProperty.call(Object.prototype, segment)) return undefined;
      let slot: string | number = segment;
      if (i > 0 && DIGITS.test(segment)) {
        const index = Number(segment);
        if (String(index) !== segment || index >= QS_OPTIONS.arrayLimit) return undefined;
        slot = index;
      }
      if (Array.isArray(container) !== (typeof slot === 'number')) return undefined;
      const existing = (container as Record<string | number, unknown>)[slot];
      if (i === segments.length - 1) {
        if (existing !== undefined) return undefined;
        (container as Record<string | number, unknown>)[slot] = decodeValue(part.slice(split + 1));
        break;
      }
      const nextIsIndex = DIGITS.test(segments[i + 1]!);
      if (existing === undefined) {
        const created: Container = nextIsIndex ? [] : {};
        if (nextIsIndex) arrays.push(created as unknown[]);
        (container as Record<string | number, unknown>)[slot] = created;
        container = created;
      } else if (
        typeof existing === 'object' &&
        existing !== null &&
        Array.isArray(existing) === nextIsIndex
      ) {
        container = existing as Container;
      } else {
        return undefined;
      }
    }
  }
  for (const array of arrays) for (let i = 0; i < array.length; i++) if (!(i in array)) return undefined;
  return root;
}

/** Decode a form body or query string with Stripe's bracket notation (`a[b][0]=c`). */
export function parseForm(text: string): Record<string, unknown> {
  if (text === '') return {};
  const simple = parseSimple(text);
  if (simple) return simple;
  try {
    return qs.parse(text, QS_OPTIONS) as Record<string, unknown>;
  } catch {
    throw invalidRequest('Invalid request body: could not decode the form-encoded parameters.');
  }
}

/** qs alone, for tests that check the fast path gives the same result. */
export function parseFormWithQs(text: string): Record<string, unknown> {
  return qs.parse(text, QS_OPTIONS) as Record<string, unknown>;
}
