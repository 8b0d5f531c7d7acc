import { LRUCache } from 'lru-cache';
import { type Change, type ChangeScope, runChange } from './write-watch.ts';

/**
 * One cache module for the whole app. A capability says WHAT it keeps (a named, bounded cache whose
 * entries carry tags naming what they were made from) and a write says which tags it changed; every
 * cache then drops exactly the entries holding one of those tags. See docs/decisions/006.
 */

/** What a cache is: its name (for stats and logs), its bounds and how long an entry may be served. */
export interface CacheOptions<V> {
  readonly name: string;
  /** Served at most this long; a write elsewhere (another process) shows within it. */
  readonly ttlMs: number;
  readonly maxEntries?: number;
  /** A budget in bytes, with `sizeOf` giving an entry's; an entry over an eighth of it is not kept. */
  readonly maxBytes?: number;
  readonly sizeOf?: (value: V) => number;
}

/** A cache declared once at module level; each app (each context, each test) gets its own copy. */
export interface CacheDefinition<V> {
  readonly options: CacheOptions<V>;
}

export function defineCache<V>(options: CacheOptions<V>): CacheDefinition<V> {
  if (!options.maxEntries && !options.maxBytes) throw new Error(`Cache ${options.name} needs a bound (maxEntries or maxBytes).`);
  if (options.maxBytes && !options.sizeOf) throw new Error(`Cache ${options.name} has a byte budget but no sizeOf.`);
  return { options };
}

/** What a change dropped: named tags, or everything (a write whose reach is unknown). */
export type Invalidation = { readonly tags: readonly string[] } | { readonly all: true };

/**
 * The seam for several processes on one database: what one process drops, the others are told to
 * drop too (the scale-out issue adds one over PostgreSQL LISTEN/NOTIFY). Without one, other
 * processes' entries age out within their TTL.
 */
export interface InvalidationBroadcaster {
  publish(change: Invalidation): void;
  /** `receive` is called for each change another process published. */
  subscribe(receive: (change: Invalidation) => void): void;
}

/**
 * A read being made for the cache. Changes made while it runs are noted on it, so that a value read
 * before a write finished is never kept after the write dropped its tags.
 */
export interface Fill {
  /** Whether a change since the fill began dropped any of `tags` (or everything). */
  touched(tags: Iterable<string>): boolean;
  /** Whether any change at all happened since the fill began. */
  readonly untouched: boolean;
  /** Ends a fill that will not be kept (`set` ends the others). */
  close(): void;
}

export interface CacheStats {
  readonly name: string;
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

/** One named cache of one app. */
export interface NamedCache<V> {
  /** The kept value, or undefined (counted as a hit or a miss). */
  get(key: string): V | undefined;
  /**
   * The kept value, or `load()`'s, kept with `tags` (or the tags it names from the value) unless a
   * change to those tags happened while it loaded. Concurrent callers share one load. A failed load
   * is not kept.
   */
  remember(key: string, tags: Tags<V>, load: () => Promise<V>): Promise<V>;
  /** Begins a read whose result will be `set` once done (for reads whose tags are known only then). */
  startFill(): Fill;
  /** Keeps `value` under `tags`, unless `fill` was touched by a change to them. Returns whether kept. */
  set(key: string, value: V, tags: Iterable<string>, fill?: Fill): boolean;
  delete(key: string): void;
  stats(): CacheStats;
}

/** An entry's tags, or how to read them from its value. */
export type Tags<V> = Iterable<string> | ((value: V) => Iterable<string>);

/** Every cache of one app, and the one way to drop what a change made stale. */
export interface Caches {
  /** This app's copy of a declared cache. */
  use<V>(definition: CacheDefinition<V>): NamedCache<V>;
  /** Drops, in every cache, each entry holding one of `tags`; other processes are told. */
  invalidate(tags: Iterable<string>): void;
  /** Drops every entry of every cache (a write whose reach is unknown); other processes are told. */
  invalidateAll(): void;
  /**
   * Runs a write that changes only what `change.tags` name (in `change.tables`), and drops those
   * tags once it is done; writes outside any change drop everything (see write-watch.ts).
   */
  changing<R>(change: Change, write: (scope: ChangeScope) => Promise<R>): Promise<R>;
  stats(): CacheStats[];
}

export interface CachesOptions {
  /** The app's clock, in milliseconds, so tests that move time see entries expire. */
  readonly now?: () => number;
  readonly broadcaster?: InvalidationBroadcaster;
}

interface Kept<V> {
  readonly value: V;
  readonly tags: readonly string[];
}

interface OpenFill extends Fill {
  note(change: Invalidation): void;
}

function openFill(open: Set<OpenFill>): OpenFill {
  let all = false;
  let dropped: Set<string> | undefined;
  const fill: OpenFill = {
    note(change) {
      if ('all' in change) all = true;
      else for (const tag of change.tags) (dropped ??= new Set()).add(tag);
    },
    touched(tags) {
      if (all) return true;
      if (!dropped) return false;
      for (const tag of tags) if (dropped.has(tag)) return true;
      return false;
    },
    get untouched() {
      return !all && !dropped;
    },
    close: () => void open.delete(fill),
  };
  open.add(fill);
  return fill;
}

class TaggedCache<V> implements NamedCache<V> {
  readonly #name: string;
  readonly #lru: LRUCache<string, Kept<V>>;
  readonly #byTag = new Map<string, Set<string>>();
  readonly #loading = new Map<string, { promise: Promise<V>; fill: Fill }>();
  readonly #fills: Set<OpenFill>;
  #hits = 0;
  #misses = 0;

  constructor(options: CacheOptions<V>, now: () => number, fills: Set<OpenFill>) {
    this.#name = options.name;
    this.#fills = fills;
    const sizeOf = options.sizeOf;
    this.#lru = new LRUCache<string, Kept<V>>({
      ...(options.maxEntries ? { max: options.maxEntries } : {}),
      ...(options.maxBytes && sizeOf
        ? {
            maxSize: options.maxBytes,
            maxEntrySize: Math.floor(options.maxBytes / 8),
            sizeCalculation: (kept) => Math.max(1, sizeOf(kept.value)),
          }
        : {}),
      ttl: options.ttlMs,
      ttlAutopurge: false,
      // Each read asks the clock; lru-cache's default would set a timer per read to reuse a reading.
      ttlResolution: 0,
      perf: { now },
      dispose: (kept, key) => this.#unindex(key, kept.tags),
    });
  }

  get(key: string): V | undefined {
    const kept = this.#lru.get(key);
    if (kept) this.#hits++;
    else this.#misses++;
    return kept?.value;
  }

  remember(key: string, tags: Tags<V>, load: () => Promise<V>): Promise<V> {
    const kept = this.#lru.get(key);
    if (kept) {
      this.#hits++;
      return Promise.resolve(kept.value);
    }
    this.#misses++;
    const running = this.#loading.get(key);
    // A load begun before a change may hold what the change replaced: share only untouched ones.
    if (running?.fill.untouched) return running.promise;
    const fill = this.startFill();
    const promise = load().then(
      (value) => {
        if (this.#loading.get(key)?.promise === promise) this.#loading.delete(key);
        this.set(key, value, typeof tags === 'function' ? tags(value) : tags, fill);
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key)?.promise === promise) this.#loading.delete(key);
        fill.close();
        throw error;
      },
    );
    this.#loading.set(key, { promise, fill });
    return promise;
  }

  startFill(): Fill {
    return openFill(this.#fills);
  }

  set(key: string, value: V, tags: Iterable<string>, fill?: Fill): boolean {
    const list = [...new Set(tags)];
    if (fill) {
      fill.close();
      if (fill.touched(list)) return false;
    }
    // Delete first, so the old entry's dispose cannot unindex the new one's tags.
    this.#lru.delete(key);
    const kept: Kept<V> = { value, tags: list };
    this.#lru.set(key, kept);
    // Too large for the budget: lru-cache refused it.
    if (this.#lru.peek(key) !== kept) return false;
    for (const tag of list) {
      let keys = this.#byTag.get(tag);
      if (!keys) this.#byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  /** Drops the entries holding any of `tags`. */
  drop(tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (keys) for (const key of [...keys]) this.#lru.delete(key);
    }
  }

  clear(): void {
    this.#lru.clear();
    this.#byTag.clear();
  }

  stats(): CacheStats {
    return { name: this.#name, entries: this.#lru.size, bytes: this.#lru.calculatedSize, hits: this.#hits, misses: this.#misses };
  }

  #unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (!keys.size) this.#byTag.delete(tag);
    }
  }
}

/** Every cache of one app (one per context, so each test's app has its own). */
export function createCaches(options: CachesOptions = {}): Caches {
  const now = options.now ?? Date.now;
  const named = new Map<CacheDefinition<unknown>, TaggedCache<unknown>>();
  const fills = new Set<OpenFill>();
  const apply = (change: Invalidation) => {
    for (const fill of fills) fill.note(change);
    for (const cache of named.values()) {
      if ('all' in change) cache.clear();
      else cache.drop(change.tags);
    }
  };
  options.broadcaster?.subscribe(apply);
  const publish = (change: Invalidation) => {
    apply(change);
    options.broadcaster?.publish(change);
  };
  const caches: Caches = {
    use<V>(definition: CacheDefinition<V>): NamedCache<V> {
      let cache = named.get(definition as CacheDefinition<unknown>);
      if (!cache) {
        cache = new TaggedCache<V>(definition.options, now, fills) as TaggedCache<unknown>;
        named.set(definition as CacheDefinition<unknown>, cache);
      }
      return cache as TaggedCache<V>;
    },
    invalidate(tags) {
      const list = [...tags];
      if (list.length) publish({ tags: list });
    },
    invalidateAll() {
      publish({ all: true });
    },
    changing: (change, write) => runChange(caches, change, write),
    stats: () => [...named.values()].map((cache) => cache.stats()),
  };
  return caches;
}
