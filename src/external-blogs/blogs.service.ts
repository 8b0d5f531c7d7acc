import type { AppContext } from '../context.ts';
import type { ExternalBlogsTable, ExternalPostsTable } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { FetchFailure } from '../net/safe-fetch.ts';
import { DiscoveryError, discoverFeed, type DiscoveredFeed } from './discovery.ts';
import { feedFetcher } from './fetcher.ts';
import {
  countMemberBlogs,
  deleteBlog,
  findMemberBlog,
  insertBlog,
  listBlogRows,
  listPostRows,
  memberFollowsFeed,
  updateBlog,
} from './blogs.queries.ts';
import { ingestEntries } from './ingest.ts';
import { pollBlog, POLL_INTERVAL_MS, type PollResult } from './poll.ts';

/** A member's external blogs: register (after a look at what was found), list, check, pause, remove. */

export const MAX_BLOGS_PER_MEMBER = 10;

export interface BlogView {
  readonly id: string;
  readonly feedUrl: string;
  readonly siteUrl: string | null;
  readonly title: string;
  readonly lastCheckedAt: string | null;
  readonly lastNewPostAt: string | null;
  readonly lastError: string | null;
  readonly nextCheckAt: string;
  readonly paused: boolean;
  readonly createdAt: string;
}

export interface PreviewPost {
  readonly title: string;
  readonly url: string | null;
  readonly publishedAt: string | null;
}

export interface BlogPreview {
  readonly feedUrl: string;
  readonly siteUrl: string | null;
  readonly title: string;
  readonly latest: readonly PreviewPost[];
}

export function toBlogView(row: ExternalBlogsTable): BlogView {
  return {
    id: row.id,
    feedUrl: row.feed_url,
    siteUrl: row.site_url,
    title: row.title,
    lastCheckedAt: row.last_checked_at,
    lastNewPostAt: row.last_new_post_at,
    lastError: row.last_error,
    nextCheckAt: row.next_check_at,
    paused: row.paused === 1,
    createdAt: row.created_at,
  };
}

/** Finds the feed behind a site or feed address; a refusal or failure becomes a plain 422. */
async function discover(ctx: AppContext, address: string): Promise<DiscoveredFeed> {
  const url = address.trim();
  if (!url)
    throw new AppError('bad_input', 'Enter the address of your blog.', { fields: { url: 'Enter the address of your blog or its feed.' } });
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
  try {
    return await discoverFeed(feedFetcher(ctx), withScheme);
  } catch (error) {
    if (error instanceof FetchFailure || error instanceof DiscoveryError)
      throw new AppError('unprocessable', error.message, { fields: { url: error.message } });
    throw error;
  }
}

/** What registering `address` would follow: the feed's title and latest posts, to confirm. */
export async function previewBlog(ctx: AppContext, address: string): Promise<BlogPreview> {
  const found = await discover(ctx, address);
  return {
    feedUrl: found.feedUrl,
    siteUrl: found.feed.siteUrl,
    title: found.feed.title || new URL(found.feedUrl).host,
    latest: [...found.feed.entries]
      .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
      .slice(0, 5)
      .map((e) => ({ title: e.title, url: e.url, publishedAt: e.publishedAt })),
  };
}

/** Registers a blog for the member: finds and reads its feed at once and brings its posts in. */
export async function registerBlog(ctx: AppContext, userId: string, address: string): Promise<BlogView> {
  if ((await countMemberBlogs(ctx.db, userId)) >= MAX_BLOGS_PER_MEMBER)
    throw new AppError('unprocessable', `You can follow at most ${MAX_BLOGS_PER_MEMBER} blogs.`, {
      fields: { url: `You can follow at most ${MAX_BLOGS_PER_MEMBER} blogs.` },
    });
  const found = await discover(ctx, address);
  const alreadyRegistered = () =>
    new AppError('conflict', 'You have already registered this blog.', { fields: { url: 'You have already registered this blog.' } });
  if (await memberFollowsFeed(ctx.db, userId, found.feedUrl)) throw alreadyRegistered();
  const now = ctx.clock.now();
  const row: ExternalBlogsTable = {
    id: newId(),
    user_id: userId,
    feed_url: found.feedUrl,
    site_url: found.feed.siteUrl,
    title: (found.feed.title || new URL(found.feedUrl).host).slice(0, 200),
    etag: found.response.headers.get('etag'),
    last_modified: found.response.headers.get('last-modified'),
    created_at: now.toISOString(),
    last_checked_at: now.toISOString(),
    last_new_post_at: null,
    last_error: null,
    error_count: 0,
    next_check_at: new Date(now.getTime() + POLL_INTERVAL_MS).toISOString(),
    paused: 0,
  };
  try {
    await insertBlog(ctx.db, row);
  } catch (error) {
    // Two registrations of the same feed at once: the unique constraint decides.
    if (await memberFollowsFeed(ctx.db, userId, found.feedUrl)) throw alreadyRegistered();
    throw error;
  }
  const { added } = await ingestEntries(ctx, row, found.feed.entries, found.feedUrl);
  if (added > 0) await updateBlog(ctx.db, row.id, { last_new_post_at: now.toISOString() });
  return toBlogView({ ...row, last_new_post_at: added > 0 ? now.toISOString() : null });
}

export async function listBlogs(ctx: AppContext, userId: string): Promise<BlogView[]> {
  return (await listBlogRows(ctx.db, [userId])).map(toBlogView);
}

/** The member's own blog, or 404 (also for someone else's). */
async function ownBlog(ctx: AppContext, userId: string, blogId: string): Promise<ExternalBlogsTable> {
  const row = await findMemberBlog(ctx.db, userId, blogId);
  if (!row) throw new AppError('not_found', 'No such blog.');
  return row;
}

export async function getBlog(ctx: AppContext, userId: string, blogId: string): Promise<BlogView> {
  return toBlogView(await ownBlog(ctx, userId, blogId));
}

/** "Check now": polls at once, paused or not, and answers with the blog as it now stands. */
export async function checkBlogNow(ctx: AppContext, userId: string, blogId: string): Promise<{ blog: BlogView; result: PollResult }> {
  const blog = await ownBlog(ctx, userId, blogId);
  const result = await pollBlog(ctx, blog);
  const after = await ownBlog(ctx, userId, blogId);
  if (after.paused === 1) {
    // A paused blog keeps its place out of the schedule.
    await updateBlog(ctx.db, blogId, { next_check_at: blog.next_check_at });
  }
  return { blog: toBlogView(after), result };
}

export async function setPaused(ctx: AppContext, userId: string, blogId: string, paused: boolean): Promise<BlogView> {
  await ownBlog(ctx, userId, blogId);
  const now = ctx.clock.now().toISOString();
  // Resuming checks soon rather than waiting out the old schedule.
  await updateBlog(ctx.db, blogId, paused ? { paused: 1 } : { paused: 0, next_check_at: now });
  return getBlog(ctx, userId, blogId);
}

/** Removes a blog and its posts here (not on the blog itself); posts that answered Things are withdrawn. */
export async function removeBlog(ctx: AppContext, userId: string, blogId: string): Promise<void> {
  await ownBlog(ctx, userId, blogId);
  const placed = await deleteBlog(ctx.db, blogId);
  for (const post of placed) await ctx.events.emit('post.withdrawn', { postId: post.id, authorId: post.user_id });
}

export interface ExternalPostView {
  readonly id: string;
  readonly blogId: string;
  readonly title: string;
  readonly url: string | null;
  readonly excerpt: string;
  readonly publishedAt: string;
  readonly tags: readonly string[];
  readonly thing: { readonly programme: string; readonly number: number } | null;
  readonly matchStatus: ExternalPostsTable['match_status'];
  readonly candidates: ReadonlyArray<{ programme: string; number: number; title: string }>;
}

export function toPostView(row: ExternalPostsTable): ExternalPostView {
  return {
    id: row.id,
    blogId: row.blog_id,
    title: row.title,
    url: row.url,
    excerpt: row.excerpt,
    publishedAt: row.published_at,
    tags: JSON.parse(row.tags) as string[],
    thing: row.thing_programme !== null && row.thing_number !== null ? { programme: row.thing_programme, number: row.thing_number } : null,
    matchStatus: row.match_status,
    candidates: row.candidates ? (JSON.parse(row.candidates) as ExternalPostView['candidates']) : [],
  };
}

export async function listBlogPosts(ctx: AppContext, userId: string, blogId: string, limit = 50): Promise<ExternalPostView[]> {
  await ownBlog(ctx, userId, blogId);
  return (await listPostRows(ctx.db, blogId, limit)).map(toPostView);
}

/** Outbound fetches a member can set off (register, preview, check now): 30 an hour. */
export const fetchRule = { limit: 30, windowMs: 60 * 60 * 1000 } as const;

/** Counts one member-started fetch; throws 429 when she is over the limit. */
export function consumeFetchAllowance(ctx: AppContext, userId: string): void {
  const wait = ctx.limiter.consume(`feeds:fetch:${userId}`, fetchRule);
  if (wait) throw tooManyRequests(wait);
}

/** The blogs of these members, for the programme's OPML (`renderOpml`): paused ones included. */
export async function blogsOfMembers(ctx: AppContext, userIds: readonly string[]): Promise<Array<BlogView & { userId: string }>> {
  if (userIds.length === 0) return [];
  const rows = await listBlogRows(ctx.db, userIds);
  return rows.map((row) => ({ ...toBlogView(row), userId: row.user_id }));
}
