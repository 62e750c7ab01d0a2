/**
 * A short-lived, per-app-instance read-through cache for the look-ups every request makes (session →
 * user, user → access grants), so a signed-in request needs no database round trip.
 *
 * Consistency:
 * - On this process a change is seen at once: the code that changes the data calls `forgetKey` or
 *   `forgetTag` for its channel, which drops matching entries in every cache of this process. A key
 *   or tag forgotten within the last `BYPASS_MS` is read from the database and not cached again, so a
 *   look-up that races the writer's transaction (it read the old row before the commit) can never
 *   store the old value after the writer forgot it.
 * - Another process (another server instance, `tollgate worker`, the CLI) cannot reach this cache: its
 *   changes are seen here once the entry is older than `ttlMs` (at most `ttlMs` late).
 * - The TTL is measured on a monotonic clock, not the app's (possibly simulated, standing) clock:
 *   time travel in development must not freeze entries. Anything that depends on the app's time
 *   (session expiry, grant windows) is still checked on every hit by the caller.
 */
export const BYPASS_MS = 10_000;

export interface ShortCacheOptions<V> {
  ttlMs: number;
  /** Oldest entries are dropped beyond this many. */
  maxEntries?: number;
  /** A value that must not be kept (a miss, an empty list) is read again next time. */
  keep?: (value: V) => boolean;
  /** The tag an entry is forgotten by (a user id); defaults to none. */
  tagOf?: (value: V) => string | undefined;
  /** Monotonic milliseconds; tests may pass their own. */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  tag: string | undefined;
  storedAt: number;
}

interface ChannelMember {
  put(key: string, value: never): void;
  forgetKey(key: string): void;
  forgetTag(tag: string): void;
  clear(): void;
}

const channels = new Map<string, Set<WeakRef<ChannelMember>>>();

export class ShortCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #loading = new Map<string, Promise<V>>();
  readonly #forgotKeys = new Map<string, number>();
  readonly #forgotTags = new Map<string, number>();
  /** Bumped on every forget: a load that started before it does not store its (maybe old) result. */
  #epoch = 0;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #keep: (value: V) => boolean;
  readonly #tagOf: (value: V) => string | undefined;
  readonly #now: () => number;

  constructor(channel: string, options: ShortCacheOptions<V>) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#keep = options.keep ?? (() => true);
    this.#tagOf = options.tagOf ?? (() => undefined);
    this.#now = options.now ?? (() => performance.now());
    let caches = channels.get(channel);
    if (!caches) channels.set(channel, (caches = new Set()));
    caches.add(new WeakRef(this));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value if there is a fresh one (no load): lets a caller skip a promise on a hit. */
  peek(key: string): V | undefined {
    if (this.#ttlMs <= 0) return undefined;
    const entry = this.#entries.get(key);
    return entry && this.#now() - entry.storedAt < this.#ttlMs ? entry.value : undefined;
  }

  /** The cached value, or `load()`'s (shared by concurrent callers for one key). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry) {
      if (now - entry.storedAt < this.#ttlMs) return Promise.resolve(entry.value);
      this.#entries.delete(key);
    }
    if (this.#recentlyForgotten(this.#forgotKeys, key, now)) return load();
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const epoch = this.#epoch;
    const loading = load().then(
      (value) => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        const tag = this.#tagOf(value);
        const stale =
          epoch !== this.#epoch ||
          this.#recentlyForgotten(this.#forgotKeys, key, this.#now()) ||
          (tag !== undefined && this.#recentlyForgotten(this.#forgotTags, tag, this.#now()));
        if (!stale && this.#keep(value)) this.#store(key, { value, tag, storedAt: now });
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, loading);
    return loading;
  }

  /** Stores a value just read fresh (after a commit); older in-flight loads will not overwrite it. */
  put(key: string, value: V): void {
    this.#epoch++;
    this.#loading.delete(key);
    const now = this.#now();
    if (this.#ttlMs <= 0 || this.#recentlyForgotten(this.#forgotKeys, key, now)) return;
    if (this.#keep(value)) this.#store(key, { value, tag: this.#tagOf(value), storedAt: now });
    else this.#entries.delete(key);
  }

  forgetKey(key: string): void {
    this.#epoch++;
    this.#entries.delete(key);
    this.#loading.delete(key);
    this.#remember(this.#forgotKeys, key);
  }

  forgetTag(tag: string): void {
    this.#epoch++;
    for (const [key, entry] of this.#entries) if (entry.tag === tag) this.#entries.delete(key);
    // Which in-flight loads belong to the tag is unknown until they finish; none is shared any more.
    this.#loading.clear();
    this.#remember(this.#forgotTags, tag);
  }

  clear(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#loading.clear();
  }

  #store(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  #remember(forgotten: Map<string, number>, id: string): void {
    const now = this.#now();
    forgotten.delete(id);
    forgotten.set(id, now);
    // Insertion order is time order: drop what is past the bypass window.
    for (const [old, at] of forgotten) {
      if (now - at < BYPASS_MS) break;
      forgotten.delete(old);
    }
  }

  #recentlyForgotten(forgotten: Map<string, number>, id: string, now: number): boolean {
    const at = forgotten.get(id);
    if (at === undefined) return false;
    if (now - at < BYPASS_MS) return true;
    forgotten.delete(id);
    return false;
  }
}

function eachCache(channel: string, act: (cache: ChannelMember) => void): void {
  const caches = channels.get(channel);
  if (!caches) return;
  for (const ref of caches) {
    const cache = ref.deref();
    if (cache) act(cache);
    else caches.delete(ref);
  }
}

/** Drops `key` from every cache of `channel` in this process (see the consistency notes above). */
export const forgetKey = (channel: string, key: string) => eachCache(channel, (c) => c.forgetKey(key));

/** Replaces `key` in every cache of `channel` in this process with a value just read fresh. */
export const putKey = <V>(channel: string, key: string, value: V) =>
  eachCache(channel, (c) => (c as unknown as ShortCache<V>).put(key, value));

/** Empties every cache of `channel` in this process. */
export const forgetAll = (channel: string) => eachCache(channel, (c) => c.clear());

/** Drops every entry tagged `tag` (e.g. all sessions of a user) from every cache of `channel`. */
export const forgetTag = (channel: string, tag: string) => eachCache(channel, (c) => c.forgetTag(tag));
