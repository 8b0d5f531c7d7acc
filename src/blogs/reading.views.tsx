import { raw } from 'hono/html';
import type { PostWithAuthor } from './posts.queries.ts';
import type { CommentPolicy } from '../db/schema.ts';
import { commentPolicies } from './posts.schemas.ts';
import { FeedList, PostList } from './posts.views.tsx';
import type { SearchHit } from './search.service.ts';

type PostPage = { items: PostWithAuthor[]; next: string | null };

/** /posts: everyone's public posts, newest first. */
export function RecentPostsPage({ page }: { page: PostPage }) {
  return (
    <>
      <h1>Recent posts</h1>
      <form method="get" action="/search" role="search" class="search-form">
        <label for="stream-q">Search posts</label>
        <input id="stream-q" type="search" name="q" />
        <button type="submit">Search</button>
      </form>
      <PostList posts={page.items} showAuthor next={page.next} nextBase="/posts" empty="Nobody has published a public post yet." />
      <FeedList base="/posts/feed" />
    </>
  );
}

/** /tags/{tag}: everyone's posts with one tag, as far as the reader may see them. */
export function TagPage({ tag, base, page }: { tag: string; base: string; page: PostPage }) {
  return (
    <>
      <h1>Posts tagged #{tag}</h1>
      <PostList posts={page.items} showAuthor next={page.next} nextBase={base} empty="No posts with this tag yet." />
      <FeedList base={`${base}/feed`} />
    </>
  );
}

/** /search: the form, and the matches when words were given. */
export function SearchPage({ q, hits }: { q: string; hits: readonly SearchHit[] }) {
  return (
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
    </>
  );
}

const policyWords: Record<string, string> = {
  signed_in: 'Anyone signed in',
  connections: 'My connections',
  nobody: 'Nobody (comments closed)',
};

/** /blog/settings: who may comment on the member's posts by default. */
export function BlogSettingsPage({ handle, current }: { handle: string; current: CommentPolicy }) {
  return (
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
        <a href={`/@${handle}`}>Back to my blog</a>
      </p>
    </>
  );
}
