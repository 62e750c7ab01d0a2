/** An in-memory table keyed by id; Map order is creation order, which breaks ties in `created`. */
export class Table<T extends { id: string }> {
  readonly rows = new Map<string, T>();
  private readonly onChange: () => void;
  private readonly putListeners: ((row: T) => void)[] = [];

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  put(row: T): T {
    this.rows.set(row.id, row);
    for (const listener of this.putListeners) listener(row);
    this.onChange();
    return row;
  }

  /** Called with every row written by `put` (indexes keep themselves current with it). */
  onPut(listener: (row: T) => void): void {
    this.putListeners.push(listener);
  }

  delete(id: string): boolean {
    const existed = this.rows.delete(id);
    if (existed) this.onChange();
    return existed;
  }

  filter(predicate: (row: T) => boolean): T[] {
    const out: T[] = [];
    for (const row of this.rows.values()) if (predicate(row)) out.push(row);
    return out;
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  get size(): number {
    return this.rows.size;
  }
}

/** Tables plus a change counter, so persistence knows when to write. */
export class Store<Names extends string> {
  readonly tables = new Map<Names, Table<{ id: string }>>();
  version = 0;
  private listener: (() => void) | undefined;

  table<T extends { id: string }>(name: Names): Table<T> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Table(() => this.changed());
      this.tables.set(name, table);
    }
    return table as unknown as Table<T>;
  }

  onChange(listener: () => void): void {
    this.listener = listener;
  }

  changed(): void {
    this.version++;
    this.listener?.();
  }

  snapshot(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const [name, table] of this.tables) out[name] = [...table.values()];
    return out;
  }

  restore(data: Record<string, unknown[]>): void {
    for (const [name, rows] of Object.entries(data)) {
      const table = this.table(name as Names);
      table.rows.clear();
      for (const row of rows as { id: string }[]) table.rows.set(row.id, row);
    }
  }

  clear(): void {
    for (const table of this.tables.values()) table.rows.clear();
    this.changed();
  }
}
