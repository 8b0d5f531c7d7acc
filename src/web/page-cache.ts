import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ANY_WRITE, defineCache } from '../cache/index.ts';
import type { AppEnv } from '../ui/env.ts';

export interface PageCacheOptions {
  /** How long an entry may be served; 0 turns the cache off. */
  readonly seconds: number;
  /** The memory the kept pages may take; least recently read go first. */
  readonly maxBytes: number;
}

interface Entry {
  readonly status: number;
  readonly headers: ReadonlyArray<[string, string]>;
  readonly body: Uint8Array;
  readonly etag: string;
  /** Made once, for every reader the entry answers: with the body, and for a 304. */
  readonly hitHeaders: Array<[string, string]>;
  readonly notModifiedHeaders: Array<[string, string]>;
}

// Anything that makes a request someone's own: such requests always reach the handlers.
const PERSONAL_COOKIES = /(?:^|;\s*)(cp_session|cp_flash)=/;
// Answers that are cached elsewhere, are cheap, or are never the same twice.
const NOT_CACHED = /^\/(api\/|static\/|media\/|healthz$)/;

const VALIDATORS = new Set(['etag', 'last-modified', 'cache-control', 'vary']);

/** Whether the asker's copy is this entry, by its ETag or else its Last-Modified (RFC 9110 §13.2.2). */
function unchangedFor(request: Headers, entry: Entry): boolean {
  const ifNoneMatch = request.get('if-none-match');
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === entry.etag || tag.trim() === '*');
  const since = Date.parse(request.get('if-modified-since') ?? '');
  const modified = Date.parse(entry.headers.find(([name]) => name === 'last-modified')?.[1] ?? '');
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

/**
 * Keeps the pages anonymous readers get, for a few seconds, so a post that is being read by many
 * is rendered once rather than once per reader. Each page is kept with the tags its handler declared
 * (pageShows) and dropped as soon as this process writes something they name — or any write at all
 * when it declared none — so what a writer sees after saving is never an old page; another process's
 * writes show up within `seconds`. Every entry carries an ETag, and answers say `X-Cache: hit|miss`.
 * Signed-in requests, answers that set cookies or say private/no-store, and anything but a 200 pass
 * straight through. Validators are answered from the entry (304).
 */
export function pageCache(options: PageCacheOptions): MiddlewareHandler<AppEnv> {
  const ttlMs = options.seconds * 1000;
  const pages = defineCache<Entry>({
    name: 'pages',
    ttlMs: Math.max(ttlMs, 1),
    maxBytes: options.maxBytes,
    sizeOf: (entry) => entry.body.byteLength + entry.headers.reduce((n, [name, value]) => n + name.length + value.length, 0),
  });

  // Renders under way, by key: readers who ask meanwhile wait for the one render instead of each
  // rendering the page again (after a write drops a busy page, every connection would miss at once).
  const rendering = new Map<string, Promise<Entry | undefined>>();
  const answer = (c: Context<AppEnv>, entry: Entry) => {
    if (unchangedFor(c.req.raw.headers, entry)) {
      c.res = new Response(null, { status: 304, headers: [...entry.headers.filter(([name]) => VALIDATORS.has(name)), ['x-cache', 'hit']] });
    } else {
      c.res = new Response(entry.body as Uint8Array<ArrayBuffer>, {
        status: entry.status,
        headers: [...entry.headers, ['x-cache', 'hit']],
      });
    }
  };

  return async (c, next) => {
    if (ttlMs <= 0 || c.req.method !== 'GET' || NOT_CACHED.test(c.req.path)) return next();
    if (c.req.header('authorization') || PERSONAL_COOKIES.test(c.req.header('cookie') ?? '')) return next();
    const cache = c.get('ctx').cache.use(pages);
    const key = `${c.req.url}\n${c.req.header('accept') ?? ''}`;
    // No await unless one is under way: the check and the claim below must happen in one turn.
    const underWay = rendering.get(key);
    const hit = cache.get(key) ?? (underWay && (await underWay));
    if (hit) return answer(c, hit);

    // Begun before the handler reads, so a write that ends while it renders keeps this page out.
    const fill = cache.startFill();
    let settle!: (entry: Entry | undefined) => void;
    const mine = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    if (!rendering.has(key)) rendering.set(key, mine);
    try {
      await next();
      const res = c.res;
      if (res.status !== 200 || res.headers.has('set-cookie') || /private|no-store/.test(res.headers.get('cache-control') ?? '')) return;
      const body = new Uint8Array(await res.arrayBuffer());
      const etag = res.headers.get('etag') ?? `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
      const headers: Array<[string, string]> = [...res.headers.entries()].filter(([name]) => name !== 'content-length');
      if (!res.headers.has('etag')) headers.push(['etag', etag]);
      c.res = new Response(body, { status: res.status, headers: [...headers, ['x-cache', 'miss']] });
      const entry: Entry = {
        status: res.status,
        headers,
        body,
        etag,
        hitHeaders: [...headers, ['x-cache', 'hit']],
        notModifiedHeaders: [...headers.filter(([name]) => VALIDATORS.has(name)), ['x-cache', 'hit']],
      };
      // Shared only if kept: a page a write overtook is not handed to those who came after the write.
      if (cache.set(key, entry, c.get('pageTags') ?? [ANY_WRITE], fill)) settle(entry);
    } finally {
      settle(undefined);
      if (rendering.get(key) === mine) rendering.delete(key);
      fill.close();
    }
  };
}
