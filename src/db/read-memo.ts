import type { Db } from './database.ts';

interface Kept<R> {
  readonly generation: number;
  readonly expires: number;
  readonly value: Promise<R>;
}

/**
 * Wraps a read so its results are kept until this process next writes to the database, or for
 * `ttlMs` at most (writes by another process show within that). For reads that most requests make
 * and few writes change, such as a programme with its Things. Kept values are shared: callers must
 * not change them.
 */
export function memoUntilWrite<R>(options: {
  ttlMs: number;
  maxEntries: number;
}): (db: Db, key: string, load: () => Promise<R>) => Promise<R> {
  return memoUntilChanged(options, (db) => db.writes.value);
}

/**
 * As memoUntilWrite, with the count of writes that matter given by `generationOf` (a narrower one,
 * for data whose table does not move the site-wide count, such as notifications).
 */
export function memoUntilChanged<R>(
  options: { ttlMs: number; maxEntries: number },
  generationOf: (db: Db) => number,
): (db: Db, key: string, load: () => Promise<R>) => Promise<R> {
  const perDatabase = new WeakMap<Db, Map<string, Kept<R>>>();
  return (db, key, load) => {
    let kept = perDatabase.get(db);
    if (!kept) perDatabase.set(db, (kept = new Map()));
    const now = Date.now();
    const hit = kept.get(key);
    const generation = generationOf(db);
    if (hit && hit.generation === generation && hit.expires > now) return hit.value;
    const value = load();
    if (kept.size >= options.maxEntries) kept.delete(kept.keys().next().value!);
    kept.set(key, { generation, expires: now + options.ttlMs, value });
    // A failed read is not kept.
    value.catch(() => kept.delete(key));
    return value;
  };
}
