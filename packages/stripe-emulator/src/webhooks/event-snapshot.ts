/**
 * `event.data`: the object as it was when the event happened. It is kept as JSON text and parsed
 * only when read, since most events are written far more often than they are read.
 */
export class EventSnapshot {
  /** The object's JSON text at the time of the event. */
  readonly json: string;
  private parsed: object | undefined;
  readonly previous_attributes?: Record<string, unknown>;

  /**
   * `source`, when given, is `JSON.stringify(object)` as it is now, or the snapshot of an earlier
   * event about the same object with nothing changed since (its text is shared, not serialized again).
   */
  constructor(object: object, previous?: Record<string, unknown>, source?: string | EventSnapshot) {
    this.json = source instanceof EventSnapshot ? source.json : (source ?? JSON.stringify(object));
    if (previous) this.previous_attributes = previous;
  }

  get object(): object {
    this.parsed ??= JSON.parse(this.json) as object;
    return this.parsed;
  }

  toJSON(): { object: object; previous_attributes?: Record<string, unknown> } {
    return this.previous_attributes
      ? { object: this.object, previous_attributes: this.previous_attributes }
      : { object: this.object };
  }
}
