import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { WriteGeneration } from '../db/write-generation.ts';
import type { AppEnv } from '../ui/env.ts';

export interface PageCacheOptions {
  /** How long an entry may be served; 0 turns the cache off. */
  readonly seconds: number;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

interface Entry {
  readonly generation: number;
  readonly expires: number;
  readonly status: number;
  readonly headers: ReadonlyArray<[string, string]>;
  readonly body: Uint8Array;
  readonly etag: string;
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
 * is rendered once rather than once per reader. An entry is dropped as soon as this process writes
 * anything to the database (see WriteGeneration), so what a writer sees after saving is never an old
 * page; another process's writes show up within `seconds`. Every entry carries an ETag. Signed-in requests, answers that set cookies or say private/no-store,
 * and anything but a 200 pass straight through. Validators are answered from the entry (304).
 */
export function pageCache(writes: WriteGeneration, options: PageCacheOptions): MiddlewareHandler<AppEnv> {
  const ttlMs = options.seconds * 1000;
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.byteLength;
    entries.delete(key);
  };

  return async (c, next) => {
    if (ttlMs <= 0 || c.req.method !== 'GET' || NOT_CACHED.test(c.req.path)) return next();
    if (c.req.header('authorization') || PERSONAL_COOKIES.test(c.req.header('cookie') ?? '')) return next();
    const key = `${c.req.url}\n${c.req.header('accept') ?? ''}`;
    // The app's clock, so tests that move time see pages expire as readers would.
    const now = c.get('ctx').clock.now().getTime();
    const hit = entries.get(key);
    if (hit && hit.generation === writes.value && hit.expires > now) {
      if (unchangedFor(c.req.raw.headers, hit)) {
        c.res = new Response(null, {
          status: 304,
          headers: hit.headers.filter(([name]) => VALIDATORS.has(name)) as Array<[string, string]>,
        });
        return;
      }
      c.res = new Response(hit.body as Uint8Array<ArrayBuffer>, { status: hit.status, headers: hit.headers as Array<[string, string]> });
      return;
    }
    if (hit) forget(key);

    const generation = writes.value;
    await next();
    const res = c.res;
    if (res.status !== 200 || res.headers.has('set-cookie') || /private|no-store/.test(res.headers.get('cache-control') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const etag = res.headers.get('etag') ?? `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const headers: Array<[string, string]> = [...res.headers.entries()].filter(([name]) => name !== 'content-length');
    if (!res.headers.has('etag')) headers.push(['etag', etag]);
    c.res = new Response(body, { status: res.status, headers });
    if (generation !== writes.value || body.byteLength > maxBytes / 16) return;
    entries.set(key, { generation, expires: now + ttlMs, status: res.status, headers, body, etag });
    bytes += body.byteLength;
    // Oldest first: a Map iterates in insertion order.
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      forget(oldest);
    }
  };
}
