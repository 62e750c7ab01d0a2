import { clone } from '../store/clone.ts';
import { invalidRequest } from './errors.ts';

export interface ExpandSource {
  /** The object an id refers to, or undefined when the id's type cannot be expanded. */
  byId(id: string): object | undefined;
  /** Fields Stripe only returns when expanded (`invoice.payments`, `checkout.session.line_items`). */
  include(owner: Record<string, unknown>, field: string): unknown;
}

const MAX_DEPTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expandPath(target: unknown, segments: string[], path: string, source: ExpandSource): void {
  if (segments.length === 0 || target === null || target === undefined) return;
  if (Array.isArray(target)) {
    for (const item of target) expandPath(item, segments, path, source);
    return;
  }
  if (!isRecord(target)) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
  const [field, ...rest] = segments as [string, ...string[]];
  let value = target[field];
  if (value === undefined) {
    value = source.include(target, field);
    if (value === undefined) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
    target[field] = value;
  } else if (typeof value === 'string') {
    const found = source.byId(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
    value = clone(found);
    target[field] = value;
  } else if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
    // A list of ids (`subscription.discounts`) expands item by item.
    value = value.map((item: unknown) => {
      if (typeof item !== 'string') return item;
      const found = source.byId(item);
      if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
      return clone(found);
    });
    target[field] = value;
  } else if (rest.length === 0 && !isRecord(value) && !Array.isArray(value) && value !== null) {
    throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
  }
  expandPath(value, rest, path, source);
}

/** Apply `expand[]` paths to a response; lists need the `data.` prefix, as on Stripe. */
export function applyExpand(response: unknown, paths: string[], source: ExpandSource): unknown {
  if (paths.length === 0 || !isRecord(response)) return response;
  const copy = clone(response);
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand');
    }
    expandPath(copy, segments, path, source);
  }
  return copy;
}
