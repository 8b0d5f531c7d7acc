import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { pageShows, requireSignedIn, viewerOrThrow } from '../ui/request.ts';
import { listShows, streamTag, tagPageTag } from './posts.tags.ts';
import { feedResponse } from '../ui/feeds-out.ts';
import { streamFeed, tagFeed } from './feeds.ts';
import { blogCommentPolicy, listVisiblePosts, setBlogCommentPolicy } from './posts.queries.ts';
import { commentPolicies, normaliseTag } from './posts.schemas.ts';
import { searchPosts } from './search.service.ts';
import { FeedHead } from '../ui/components.tsx';
import { BlogSettingsPage, RecentPostsPage, SearchPage, TagPage } from './reading.views.tsx';

/** /posts, /tags/{tag}, /search, /blog/settings: reading across blogs, and a blog's settings. */
export const readingPages = new Hono<AppEnv>();

for (const format of ['atom', 'rss', 'json'] as const) {
  readingPages.get(`/posts/feed.${format}`, async (c) => {
    const ctx = c.get('ctx');
    const { items } = await listVisiblePosts(ctx.db, undefined, { publicOnly: true, limit: 50 });
    pageShows(c, ...listShows(streamTag, items));
    return feedResponse(c, streamFeed(ctx, items), format);
  });
  readingPages.get(`/tags/:tag/feed.${format}`, async (c) => {
    const ctx = c.get('ctx');
    const tag = normaliseTag(c.req.param('tag'));
    const { items } = await listVisiblePosts(ctx.db, undefined, { publicOnly: true, tag, limit: 50 });
    pageShows(c, ...listShows(tagPageTag(tag), items));
    return feedResponse(c, tagFeed(ctx, tag, items), format);
  });
}

readingPages.get('/posts', async (c) => {
  const ctx = c.get('ctx');
  // The stream shows public posts only, whoever looks: it is the site's shop window.
  const page = await listVisiblePosts(ctx.db, undefined, { publicOnly: true, cursor: c.req.query('after') });
  pageShows(c, ...listShows(streamTag, page.items));
  return renderPage(c, 'Recent posts', <RecentPostsPage page={page} />, {
    head: <FeedHead base={`${ctx.config.baseUrl}/posts/feed`} title="Recent posts on Commonplace" />,
  });
});

readingPages.get('/tags/:tag', async (c) => {
  const ctx = c.get('ctx');
  const tag = normaliseTag(c.req.param('tag'));
  if (!tag) throw new AppError('not_found', 'There is no such tag.');
  const page = await listVisiblePosts(ctx.db, c.get('viewer'), { tag, cursor: c.req.query('after') });
  pageShows(c, ...listShows(tagPageTag(tag), page.items));
  const base = `/tags/${encodeURIComponent(tag)}`;
  return renderPage(c, `#${tag}`, <TagPage tag={tag} base={base} page={page} />, {
    head: <FeedHead base={`${ctx.config.baseUrl}${base}/feed`} title={`Posts tagged #${tag}`} />,
  });
});

readingPages.get('/search', async (c) => {
  const ctx = c.get('ctx');
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const hits = q.trim() ? await searchPosts(ctx, c.get('viewer'), q) : [];
  return renderPage(c, q ? `Search: ${q}` : 'Search', <SearchPage q={q} hits={hits} />);
});

readingPages.get('/blog/settings', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const current = await blogCommentPolicy(c.get('ctx').db, viewer.id);
  return renderPage(c, 'Blog settings', <BlogSettingsPage handle={viewer.handle} current={current} />);
});

readingPages.post('/blog/settings', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const ctx = c.get('ctx');
  const form = await readForm(c);
  const choice = commentPolicies.find((p) => p === form.comments);
  if (!choice) throw new AppError('bad_input', 'Choose who may comment.', { fields: { comments: 'Choose who may comment.' } });
  await setBlogCommentPolicy(ctx.db, viewer.id, choice, ctx.clock.now().toISOString());
  setFlash(c, { kind: 'success', message: 'Your blog settings are saved.' });
  return c.redirect('/blog/settings', 303);
});
