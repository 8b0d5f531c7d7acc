import { Hono } from 'hono';
import { raw } from 'hono/html';
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
import { FeedHead, FeedList, PostList } from './posts.views.tsx';

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
  return renderPage(
    c,
    'Recent posts',
    <>
      <h1>Recent posts</h1>
      <form method="get" action="/search" role="search" class="search-form">
        <label for="stream-q">Search posts</label>
        <input id="stream-q" type="search" name="q" />
        <button type="submit">Search</button>
      </form>
      <PostList posts={page.items} showAuthor next={page.next} nextBase="/posts" empty="Nobody has published a public post yet." />
      <FeedList base="/posts/feed" />
    </>,
    { head: <FeedHead base={`${ctx.config.baseUrl}/posts/feed`} title="Recent posts on Commonplace" /> },
  );
});

readingPages.get('/tags/:tag', async (c) => {
  const ctx = c.get('ctx');
  const tag = normaliseTag(c.req.param('tag'));
  if (!tag) throw new AppError('not_found', 'There is no such tag.');
  const page = await listVisiblePosts(ctx.db, c.get('viewer'), { tag, cursor: c.req.query('after') });
  pageShows(c, ...listShows(tagPageTag(tag), page.items));
  const base = `/tags/${encodeURIComponent(tag)}`;
  return renderPage(
    c,
    `#${tag}`,
    <>
      <h1>Posts tagged #{tag}</h1>
      <PostList posts={page.items} showAuthor next={page.next} nextBase={base} empty="No posts with this tag yet." />
      <FeedList base={`${base}/feed`} />
    </>,
    { head: <FeedHead base={`${ctx.config.baseUrl}${base}/feed`} title={`Posts tagged #${tag}`} /> },
  );
});

readingPages.get('/search', async (c) => {
  const ctx = c.get('ctx');
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const hits = q.trim() ? await searchPosts(ctx, c.get('viewer'), q) : [];
  return renderPage(
    c,
    q ? `Search: ${q}` : 'Search',
    <>
      <h1>Search posts</h1>
      <form method="get" action="/search" role="search" class="search-form">
        <label for="search-q">Words to find</label>
        <input id="search-q" type="search" name="q" value={q} />
        <button type="submit">Search</button>
      </form>
      {q.trim() && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{hits.length === 0 ? 'No posts match' : `${hits.length} post${hits.length === 1 ? '' : 's'} found`}</h2>
          <ol class="search-results">
            {hits.map((h) => (
              <li>
                <h3>
                  <a href={new URL(h.url).pathname}>{h.title}</a>
                </h3>
                <p class="byline">by {h.author.name}</p>
                {/* Escaped by searchPosts, with only <mark> added. */}
                <p>{raw(h.snippet)}</p>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>,
  );
});

const policyWords: Record<string, string> = {
  signed_in: 'Anyone signed in',
  connections: 'My connections',
  nobody: 'Nobody (comments closed)',
};

readingPages.get('/blog/settings', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const current = await blogCommentPolicy(c.get('ctx').db, viewer.id);
  return renderPage(
    c,
    'Blog settings',
    <>
      <h1>Blog settings</h1>
      <form method="post" action="/blog/settings">
        <fieldset>
          <legend>Who may comment on my posts (each post can say otherwise)</legend>
          {commentPolicies.map((p) => (
            <div class="choice">
              <input type="radio" id={`comments-${p}`} name="comments" value={p} checked={p === current} />
              <label for={`comments-${p}`}>{policyWords[p]}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Save settings</button>
      </form>
      <p>
        <a href={`/@${viewer.handle}`}>Back to my blog</a>
      </p>
    </>,
  );
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
