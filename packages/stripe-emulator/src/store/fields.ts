/**
 * An object's top-level fields as JSON text, taken before a change: it is what `*.updated` events
 * compare against (and report in `previous_attributes`), without the parse a deep copy would cost.
 */
export class FieldSnapshot {
  readonly fields = new Map<string, string | undefined>();
  /** Only some fields were taken: the caller vouches that no other field changes. */
  readonly partial: boolean;

  constructor(object: object, only?: readonly string[]) {
    const record = object as Record<string, unknown>;
    this.partial = only !== undefined;
    for (const key of only ?? Object.keys(record)) this.fields.set(key, JSON.stringify(record[key]));
  }

  /** The value a field had, as a deep copy (undefined when it was absent or not JSON). */
  value(key: string): unknown {
    const text = this.fields.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }
}

/**
 * Snapshot an object's fields, for `emitUpdated`. With `only`, just those fields are taken, for a
 * change known to touch nothing else (the event is the same as with a full snapshot, for less work).
 */
export function fieldsOf(object: object, only?: readonly string[]): FieldSnapshot {
  return new FieldSnapshot(object, only);
}

/** Each top-level field of `object` as JSON text (undefined for fields JSON leaves out), in key order. */
export function fieldTexts(object: object): { keys: string[]; texts: (string | undefined)[] } {
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record);
  const texts = new Array<string | undefined>(keys.length);
  for (let i = 0; i < keys.length; i++) texts[i] = JSON.stringify(record[keys[i]!]);
  return { keys, texts };
}

/** The object's JSON assembled from its field texts: the same text `JSON.stringify(object)` gives. */
export function joinFields(keys: string[], texts: (string | undefined)[]): string {
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const text = texts[i];
    if (text !== undefined) parts.push(`${JSON.stringify(keys[i])}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
