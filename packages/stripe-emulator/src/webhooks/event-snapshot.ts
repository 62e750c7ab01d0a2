/**
 * `event.data`: the object as it was when the event happened. It is kept as JSON text and parsed
 * only when read, since most events are written far more often than they are read.
 */
export class EventSnapshot {
  private readonly json: string;
  private parsed: object | undefined;
  readonly previous_attributes?: Record<string, unknown>;

  constructor(object: object, previous?: Record<string, unknown>) {
    this.json = JSON.stringify(object);
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
