import { clone } from '../store/clone.ts';
import type { Table } from '../store/store.ts';
import { invalidRequest, resourceMissing } from '../server/errors.ts';

export function findOr404<T extends { id: string }>(
  table: Table<T>,
  id: string,
  noun?: string,
  param = 'id',
): T {
  const row = table.get(id);
  if (!row) throw resourceMissing(id, noun, param);
  return row;
}

/** A referenced object that must exist: Stripe answers 400 resource_missing naming the parameter. */
export function referenced<T extends { id: string }>(
  table: Table<T>,
  id: string,
  param: string,
  noun?: string,
): T {
  const row = table.get(id);
  if (!row) throw resourceMissing(id, noun, param, 400);
  return row;
}

/** Stripe merges metadata on update; an empty value removes a key and `metadata=""` clears all. */
export function mergeMetadata(
  current: Record<string, string> | null,
  update: Record<string, string | number | null> | '' | null | undefined,
): Record<string, string> {
  if (update === undefined) return current ?? {};
  if (update === '' || update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '' || value === null) delete next[key];
    else next[key] = String(value);
  }
  if (Object.keys(next).length > 50) throw invalidRequest('You can have up to 50 metadata keys.', 'metadata');
  return next;
}

export function orNull<T>(value: T | '' | undefined): T | null {
  return value === undefined || value === '' ? null : value;
}

export function snapshot<T>(value: T): T {
  return clone(value);
}

export interface Deleted {
  id: string;
  object: string;
  deleted: true;
}

export function deletedObject(id: string, object: string): Deleted {
  return { id, object, deleted: true };
}
