import type { AppContext } from '../context.ts';
import type { ExternalBlogsTable } from '../db/schema.ts';
import { FetchFailure, type SafeFetcher } from '../net/safe-fetch.ts';
import { formatDay } from '../ui/dates.ts';
import { statusWords } from './discovery.ts';
import { feedFetcher } from './fetcher.ts';
import { ingestEntries } from './ingest.ts';
import { FeedParseError, parseFeedBytes } from './parse.ts';

/**
 * Polling: each due feed is fetched with its validators (ETag / Last-Modified), new and edited
 * entries are brought in, and failures back off exponentially. A 429 or 503 with Retry-After is
 * honoured, and a permanent redirect moves the stored address.
 */

/** How often a healthy feed is checked. */
export const POLL_INTERVAL_MS = 60 * 60 * 1000;
/** The longest wait after repeated failures. */
export const MAX_BACKOFF_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a poller holds a feed it took, so another process does not take it too. */
const LEASE_MS = 10 * 60 * 1000;

export type Blog = ExternalBlogsTable;

export type PollOutcome = 'new-posts' | 'unchanged' | 'not-modified' | 'failed';

export interface PollResult {
  readonly outcome: PollOutcome;
  readonly added: number;
  readonly updated: number;
  readonly error?: string;
}

/** "3 Nov 2026": dates in health messages, in UTC like the rest of the site. */
export const shortDate = (iso: string): string => formatDay(iso);

/** Seconds (or an HTTP date) in Retry-After as milliseconds from now; undefined if absent or unreadable. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export function backoffMs(errorCount: number): number {
  return Math.min(POLL_INTERVAL_MS * 2 ** Math.max(0, errorCount - 1), MAX_BACKOFF_MS);
}

async function recordFailure(ctx: AppContext, blog: Blog, message: string, waitAtLeastMs = 0): Promise<PollResult> {
  const now = ctx.clock.now();
  const errorCount = blog.error_count + 1;
  const wait = Math.min(Math.max(backoffMs(errorCount), waitAtLeastMs), MAX_BACKOFF_MS);
  const sentence = `${message.replace(/\.$/, '')} on ${shortDate(now.toISOString())}.`;
  await ctx.db.kysely
    .updateTable('external_blogs')
    .set({
      last_checked_at: now.toISOString(),
      last_error: sentence,
      error_count: errorCount,
      next_check_at: new Date(now.getTime() + wait).toISOString(),
    })
    .where('id', '=', blog.id)
    .execute();
  return { outcome: 'failed', added: 0, updated: 0, error: sentence };
}

/** Moves a blog to the address a permanent redirect gave, unless the member already has that feed. */
async function follow(ctx: AppContext, blog: Blog, permanentUrl: string | undefined): Promise<string> {
  if (!permanentUrl || permanentUrl === blog.feed_url) return blog.feed_url;
  const clash = await ctx.db.kysely
    .selectFrom('external_blogs')
    .select('id')
    .where('user_id', '=', blog.user_id)
    .where('feed_url', '=', permanentUrl)
    .executeTakeFirst();
  if (clash) return blog.feed_url;
  await ctx.db.kysely.updateTable('external_blogs').set({ feed_url: permanentUrl }).where('id', '=', blog.id).execute();
  return permanentUrl;
}

/** Records feeds that answered 304: checked now, healthy, next check in an hour. */
async function markNotModified(ctx: AppContext, blogIds: readonly string[]): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.kysely
    .updateTable('external_blogs')
    .set({
      last_checked_at: now.toISOString(),
      last_error: null,
      error_count: 0,
      next_check_at: new Date(now.getTime() + POLL_INTERVAL_MS).toISOString(),
    })
    .where('id', 'in', blogIds)
    .execute();
}

/**
 * Most feeds in a cycle answer 304, and one UPDATE each was a fifth of an unchanged cycle's CPU on
 * SQLite (a commit per feed); the cycle records them a few hundred at a time instead. A feed whose
 * record is lost with the process is polled again once its lease runs out, which does no harm.
 */
class NotModifiedBatch {
  #ids: string[] = [];
  readonly #ctx: AppContext;
  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }
  add(blogId: string): Promise<void> | undefined {
    this.#ids.push(blogId);
    return this.#ids.length >= 500 ? this.flush() : undefined;
  }
  async flush(): Promise<void> {
    const ids = this.#ids;
    this.#ids = [];
    if (ids.length > 0) await markNotModified(this.#ctx, ids);
  }
}

/**
 * Fetches one feed now and records what happened; never throws for anything the feed did.
 * `notModified` records a 304 (at once, unless a cycle batches them).
 */
export async function pollBlog(
  ctx: AppContext,
  blog: Blog,
  fetcher: SafeFetcher = feedFetcher(ctx),
  notModified: (blogId: string) => Promise<void> | undefined = (id) => markNotModified(ctx, [id]),
): Promise<PollResult> {
  let response;
  try {
    response = await fetcher.fetch(blog.feed_url, { etag: blog.etag, lastModified: blog.last_modified });
  } catch (error) {
    if (error instanceof FetchFailure) return recordFailure(ctx, blog, error.message);
    throw error;
  }
  const now = ctx.clock.now();
  const feedUrl = await follow(ctx, blog, response.permanentUrl);
  if (response.status === 304) {
    await notModified(blog.id);
    return { outcome: 'not-modified', added: 0, updated: 0 };
  }
  if (response.status !== 200) {
    const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), now) : undefined;
    return recordFailure(ctx, blog, `The feed answered ${response.status}${statusWords(response.status)}`, wait ?? 0);
  }
  let feed;
  try {
    feed = parseFeedBytes(response.body, { contentType: response.headers.get('content-type'), url: response.url });
  } catch (error) {
    if (error instanceof FeedParseError) return recordFailure(ctx, blog, error.message);
    throw error;
  }
  const { added, updated } = await ingestEntries(ctx, blog, feed.entries, feedUrl);
  await ctx.db.kysely
    .updateTable('external_blogs')
    .set({
      title: feed.title || blog.title,
      site_url: feed.siteUrl ?? blog.site_url,
      etag: response.headers.get('etag'),
      last_modified: response.headers.get('last-modified'),
      last_checked_at: now.toISOString(),
      ...(added > 0 ? { last_new_post_at: now.toISOString() } : {}),
      last_error: null,
      error_count: 0,
      next_check_at: new Date(now.getTime() + POLL_INTERVAL_MS).toISOString(),
    })
    .where('id', '=', blog.id)
    .execute();
  return { outcome: added > 0 ? 'new-posts' : 'unchanged', added, updated };
}

export interface PollCycleOptions {
  readonly fetcher?: SafeFetcher;
  /** Most feeds taken in one cycle. */
  readonly limit?: number;
  /** Feeds fetched at once, overall. */
  readonly concurrency?: number;
  /** Feeds fetched at once from one host (many blogs share a Blogger or WordPress host). */
  readonly perHost?: number;
}

export interface PollCycleResult {
  readonly checked: number;
  readonly notModified: number;
  readonly withNewPosts: number;
  readonly failed: number;
  readonly added: number;
  readonly updated: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * One polling cycle: takes the due feeds (a lease keeps other processes off them) and polls them
 * with an overall and a per-host concurrency cap. Safe to call from several processes at once.
 */
export async function pollDueFeeds(ctx: AppContext, options: PollCycleOptions = {}): Promise<PollCycleResult> {
  const fetcher = options.fetcher ?? feedFetcher(ctx);
  const concurrency = options.concurrency ?? 16;
  const perHost = options.perHost ?? 2;
  const now = ctx.clock.now().toISOString();
  const lease = new Date(ctx.clock.now().getTime() + LEASE_MS).toISOString();
  // One statement takes the due feeds and leases them: a feed another process took in between no
  // longer matches `next_check_at <= now`, so no feed is polled twice.
  const queue: Blog[] = await ctx.db.kysely
    .updateTable('external_blogs')
    .set({ next_check_at: lease })
    .where('next_check_at', '<=', now)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('external_blogs')
        .select('id')
        .where('paused', '=', 0)
        .where('next_check_at', '<=', now)
        .orderBy('next_check_at')
        .limit(options.limit ?? 2000),
    )
    .returningAll()
    .execute();

  const totals = { checked: 0, notModified: 0, withNewPosts: 0, failed: 0, added: 0, updated: 0 };
  // One queue per host, served in turn, so a busy host never holds up the others.
  const byHost = new Map<string, Blog[]>();
  for (const blog of queue) {
    const host = hostOf(blog.feed_url);
    const list = byHost.get(host) ?? [];
    list.push(blog);
    byHost.set(host, list);
  }
  const inFlight = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const notModified = new NotModifiedBatch(ctx);
  const start = (host: string, blog: Blog) => {
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    const task = pollBlog(ctx, blog, fetcher, (id) => notModified.add(id))
      .then(
        (result) => {
          totals.checked += 1;
          totals.added += result.added;
          totals.updated += result.updated;
          if (result.outcome === 'not-modified') totals.notModified += 1;
          if (result.outcome === 'new-posts') totals.withNewPosts += 1;
          if (result.outcome === 'failed') totals.failed += 1;
        },
        (error: unknown) => {
          totals.checked += 1;
          totals.failed += 1;
          ctx.log.error({ err: error, blogId: blog.id }, 'feed poll failed unexpectedly');
        },
      )
      .finally(() => {
        inFlight.set(host, inFlight.get(host)! - 1);
        running.delete(task);
      });
    running.add(task);
  };
  while (byHost.size > 0 || running.size > 0) {
    let started = false;
    for (const [host, list] of byHost) {
      if (running.size >= concurrency) break;
      if ((inFlight.get(host) ?? 0) >= perHost) continue;
      start(host, list.shift()!);
      started = true;
      if (list.length === 0) byHost.delete(host);
    }
    if (!started || running.size >= concurrency) {
      if (running.size === 0) break;
      await Promise.race(running);
    }
  }
  await notModified.flush();
  return totals;
}
