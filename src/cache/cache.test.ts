import { describe, expect, it } from 'vitest';
import { ANY_WRITE, createCaches, defineCache, type Invalidation, type InvalidationBroadcaster, tags } from './index.ts';

const posts = defineCache<string>({ name: 'test-posts', ttlMs: 1_000, maxEntries: 100 });
const lists = defineCache<string>({ name: 'test-lists', ttlMs: 1_000, maxEntries: 100 });

function clocked() {
  let now = Date.parse('2026-11-02T09:00:00Z');
  return { caches: createCaches({ now: () => now }), advance: (ms: number) => void (now += ms) };
}

describe('the cache module', () => {
  it('drops, in every cache, exactly the entries holding a changed tag', () => {
    const { caches } = clocked();
    caches.use(posts).set('a', 'post A', [tags.post('a')]);
    caches.use(posts).set('b', 'post B', [tags.post('b')]);
    caches.use(lists).set('stream', 'A and B', [tags.post('a'), tags.post('b'), tags.feed('posts')]);
    caches.use(lists).set('welcome', 'static', []);
    caches.invalidate([tags.post('a')]);
    expect(caches.use(posts).get('a')).toBeUndefined();
    expect(caches.use(lists).get('stream')).toBeUndefined();
    expect(caches.use(posts).get('b')).toBe('post B');
    expect(caches.use(lists).get('welcome')).toBe('static');
    caches.invalidateAll();
    expect(caches.use(posts).get('b')).toBeUndefined();
  });

  it('serves an entry for its TTL on the given clock, then loads afresh', async () => {
    const { caches, advance } = clocked();
    let loads = 0;
    const load = async () => `load ${++loads}`;
    expect(await caches.use(posts).remember('k', [], load)).toBe('load 1');
    advance(999);
    expect(await caches.use(posts).remember('k', [], load)).toBe('load 1');
    advance(2);
    expect(await caches.use(posts).remember('k', [], load)).toBe('load 2');
  });

  it('shares one load between concurrent callers and keeps no failed load', async () => {
    const { caches } = clocked();
    let loads = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`load ${++loads}`), 5));
    const [first, second] = await Promise.all([caches.use(posts).remember('k', [], slow), caches.use(posts).remember('k', [], slow)]);
    expect([first, second, loads]).toEqual(['load 1', 'load 1', 1]);
    await expect(caches.use(posts).remember('bad', [], () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await caches.use(posts).remember('bad', [], async () => 'up')).toBe('up');
  });

  it('keeps no value read while a change dropped its tags, and lets a later caller read afresh', async () => {
    const { caches } = clocked();
    let release!: (value: string) => void;
    const stale = caches.use(posts).remember('a', [tags.post('a')], () => new Promise<string>((resolve) => (release = resolve)));
    caches.invalidate([tags.post('a')]);
    // Begun before the change: not shared with a caller who comes after it.
    const fresh = caches.use(posts).remember('a', [tags.post('a')], async () => 'after the write');
    release('before the write');
    expect(await stale).toBe('before the write');
    expect(await fresh).toBe('after the write');
    expect(caches.use(posts).get('a')).toBe('after the write');

    // A fill whose tags were not touched is kept.
    const fill = caches.use(posts).startFill();
    caches.invalidate([tags.post('other')]);
    expect(caches.use(posts).set('b', 'B', [tags.post('b')], fill)).toBe(true);
    const touched = caches.use(posts).startFill();
    caches.invalidate([tags.post('b')]);
    expect(caches.use(posts).set('b', 'B again', [tags.post('b')], touched)).toBe(false);
  });

  it('holds to its bounds: entries, or bytes with no entry over an eighth of them', () => {
    const { caches } = clocked();
    const small = defineCache<string>({ name: 'test-small', ttlMs: 1_000, maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) caches.use(small).set(key, key, [tags.post(key)]);
    expect(caches.use(small).get('a')).toBeUndefined();
    expect(caches.use(small).stats().entries).toBe(3);
    // An evicted entry leaves no tag behind to be dropped later.
    caches.invalidate([tags.post('a')]);
    expect(caches.use(small).stats().entries).toBe(3);

    const bytes = defineCache<string>({ name: 'test-bytes', ttlMs: 1_000, maxBytes: 8_000, sizeOf: (s) => s.length });
    for (let n = 0; n < 50; n++) caches.use(bytes).set(`k${n}`, 'x'.repeat(900), []);
    expect(caches.use(bytes).stats().bytes).toBeLessThanOrEqual(8_000);
    expect(caches.use(bytes).get('k49')).toBeDefined();
    expect(caches.use(bytes).set('huge', 'x'.repeat(1_001), [])).toBe(false);
    expect(() => defineCache({ name: 'unbounded', ttlMs: 1 })).toThrow(/bound/);
  });

  it('tells other processes what it dropped, and drops what they tell it', () => {
    const sent: Invalidation[] = [];
    let receive!: (change: Invalidation) => void;
    const broadcaster: InvalidationBroadcaster = {
      publish: (change) => sent.push(change),
      subscribe: (listener) => void (receive = listener),
    };
    const caches = createCaches({ broadcaster });
    caches.use(posts).set('a', 'A', [tags.post('a')]);
    caches.use(posts).set('b', 'B', [tags.post('b')]);
    caches.invalidate([tags.post('a')]);
    expect(sent).toEqual([{ tags: [tags.post('a')] }]);
    receive({ tags: [tags.post('b')] });
    expect(caches.use(posts).get('b')).toBeUndefined();
    // What came from elsewhere is not sent back.
    expect(sent).toHaveLength(1);
  });

  it('drops a change’s tags when it ends, with the undeclared entries only for what readers see', async () => {
    const { caches } = clocked();
    caches.use(posts).set('a', 'A', [tags.post('a')]);
    caches.use(posts).set('undeclared', 'page', [ANY_WRITE]);
    caches.use(posts).set('count', '3', [tags.unread('u')]);
    await caches.changing({ tables: ['notifications'], tags: [tags.unread('u')] }, async () => {
      expect(caches.use(posts).get('count')).toBe('3');
    });
    expect(caches.use(posts).get('count')).toBeUndefined();
    expect(caches.use(posts).get('undeclared')).toBe('page');
    await caches.changing({ tables: ['comments'] }, async (change) => change.also(tags.post('a')));
    expect(caches.use(posts).get('a')).toBeUndefined();
    expect(caches.use(posts).get('undeclared')).toBeUndefined();
  });
});
