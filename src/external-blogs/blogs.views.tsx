import { Card, ErrorSummary, Field, Time } from '../ui/components.tsx';
import type { BlogPreview, BlogView, ExternalPostView } from './blogs.service.ts';
import type { InboxItem } from './inbox.service.ts';
import { shortDate } from './poll.ts';

/** Pages for a member's external blogs: list and health, confirm step, one blog, the inbox. */

/** One line on how a blog is doing, in plain words. */
export function healthWords(blog: BlogView): string {
  if (blog.paused) return 'Paused: Commonplace is not checking this blog.';
  if (blog.lastError) return `Problem: ${blog.lastError}`;
  if (blog.lastCheckedAt) return `Working: the feed answered on ${shortDate(blog.lastCheckedAt)}.`;
  return 'Not checked yet.';
}

function Health({ blog }: { blog: BlogView }) {
  return (
    <dl class="meta">
      <dt>Health</dt>
      <dd class={blog.lastError && !blog.paused ? 'health-problem' : 'health-ok'}>{healthWords(blog)}</dd>
      <dt>Last checked</dt>
      <dd>{blog.lastCheckedAt ? <Time iso={blog.lastCheckedAt} /> : 'never'}</dd>
      <dt>Last new post</dt>
      <dd>{blog.lastNewPostAt ? <Time iso={blog.lastNewPostAt} /> : 'none yet'}</dd>
      <dt>Next check</dt>
      <dd>{blog.paused ? 'none while paused' : <Time iso={blog.nextCheckAt} />}</dd>
      <dt>Feed</dt>
      <dd>
        <a href={blog.feedUrl} rel="nofollow ugc noopener">
          {blog.feedUrl}
        </a>
      </dd>
    </dl>
  );
}

function BlogActions({ blog }: { blog: BlogView }) {
  return (
    <div class="actions">
      <form method="post" action={`/settings/blogs/${blog.id}/check`} class="inline-form">
        <button type="submit">
          Check now <span class="visually-hidden">{blog.title}</span>
        </button>
      </form>
      <form method="post" action={`/settings/blogs/${blog.id}/${blog.paused ? 'resume' : 'pause'}`} class="inline-form">
        <button type="submit" class="secondary">
          {blog.paused ? 'Resume' : 'Pause'} <span class="visually-hidden">{blog.title}</span>
        </button>
      </form>
      <form method="post" action={`/settings/blogs/${blog.id}/remove`} class="inline-form">
        <button type="submit" class="secondary">
          Remove <span class="visually-hidden">{blog.title}</span>
        </button>
      </form>
    </div>
  );
}

export interface BlogsPageProps {
  readonly blogs: readonly BlogView[];
  readonly inboxCount: number;
  readonly url?: string;
  readonly message?: string | undefined;
  readonly fields?: Readonly<Record<string, string>> | undefined;
}

export function BlogsPage(p: BlogsPageProps) {
  return (
    <>
      <h1>Your blogs elsewhere</h1>
      <p class="lead">
        If you blog on WordPress, Blogger, Substack, Medium or your own site, Commonplace can follow it: new posts appear here with a link
        home, and a post that answers a Thing ticks it off.
      </p>
      {p.inboxCount > 0 && (
        <p class="notice">
          <a href="/settings/blogs/inbox">
            {p.inboxCount} {p.inboxCount === 1 ? 'post needs' : 'posts need'} a Thing
          </a>{' '}
          — Commonplace could not tell which Thing {p.inboxCount === 1 ? 'it answers' : 'they answer'}.
        </p>
      )}
      <Card title="Add a blog">
        <ErrorSummary message={p.message} fields={p.fields} />
        <form method="post" action="/settings/blogs/preview" novalidate>
          <Field
            name="url"
            label="Your blog's address"
            type="url"
            value={p.url}
            error={p.fields?.url}
            hint="The address of its home page or of its feed, e.g. https://example.wordpress.com/"
            required
            autocomplete="url"
          />
          <button type="submit">Find my blog</button>
        </form>
      </Card>
      {p.blogs.length === 0 ? (
        <p>You have not added a blog yet.</p>
      ) : (
        p.blogs.map((blog) => (
          <section class="card" aria-labelledby={`blog-${blog.id}`}>
            <h2 id={`blog-${blog.id}`}>
              <a href={`/settings/blogs/${blog.id}`}>{blog.title}</a>
            </h2>
            <Health blog={blog} />
            <BlogActions blog={blog} />
          </section>
        ))
      )}
    </>
  );
}

export function PreviewPage({ preview, url }: { preview: BlogPreview; url: string }) {
  return (
    <>
      <h1>Is this your blog?</h1>
      <Card title={preview.title}>
        <dl class="meta">
          <dt>Feed</dt>
          <dd>{preview.feedUrl}</dd>
          {preview.siteUrl && (
            <>
              <dt>Site</dt>
              <dd>{preview.siteUrl}</dd>
            </>
          )}
        </dl>
        {preview.latest.length === 0 ? (
          <p>The feed has no posts yet; new ones will appear once you publish them.</p>
        ) : (
          <>
            <h3>Latest posts</h3>
            <ul>
              {preview.latest.map((post) => (
                <li>
                  {post.title}
                  {post.publishedAt && (
                    <>
                      {' '}
                      — <Time iso={post.publishedAt} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        <form method="post" action="/settings/blogs">
          <input type="hidden" name="url" value={preview.feedUrl} />
          <button type="submit">Yes, follow this blog</button>
        </form>
        <p>
          <a href={`/settings/blogs?url=${encodeURIComponent(url)}`}>No, try another address</a>
        </p>
      </Card>
    </>
  );
}

function thingLabel(thing: { programme: string; number: number; title?: string }): string {
  return `${thing.programme}: Thing ${thing.number}${thing.title ? ` — ${thing.title}` : ''}`;
}

function matchWords(post: ExternalPostView): string {
  if (post.thing) return `Answers ${thingLabel(post.thing)}${post.matchStatus === 'assigned' ? ' (chosen by you)' : ''}.`;
  if (post.matchStatus === 'ambiguous') return 'Could answer more than one Thing: choose in your inbox.';
  if (post.matchStatus === 'unassigned') return 'Not linked to a Thing (your choice).';
  return 'Not linked to a Thing.';
}

/** An excerpt and the link home: the author's licence is unknown, so the post is read there. */
function ExternalPostItem({ post }: { post: ExternalPostView }) {
  return (
    <article class="external-post" aria-labelledby={`post-${post.id}`}>
      <h3 id={`post-${post.id}`}>{post.title}</h3>
      <p class="hint">
        <Time iso={post.publishedAt} /> · {matchWords(post)}
      </p>
      {post.excerpt && <p>{post.excerpt}</p>}
      {post.url && (
        <p>
          <a href={post.url} rel="nofollow ugc noopener">
            Read on their blog<span class="visually-hidden">: {post.title}</span>
          </a>
        </p>
      )}
      {post.thing && (
        <form method="post" action={`/settings/blogs/posts/${post.id}/unassign`} class="inline-form">
          <button type="submit" class="secondary">
            Unlink from Thing {post.thing.number} <span class="visually-hidden">: {post.title}</span>
          </button>
        </form>
      )}
    </article>
  );
}

export function BlogPage({ blog, posts }: { blog: BlogView; posts: readonly ExternalPostView[] }) {
  return (
    <>
      <p>
        <a href="/settings/blogs">← Your blogs elsewhere</a>
      </p>
      <h1>{blog.title}</h1>
      <Card title="Health">
        <Health blog={blog} />
        <BlogActions blog={blog} />
      </Card>
      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">Posts brought in</h2>
        {posts.length === 0 ? <p>No posts yet.</p> : posts.map((post) => <ExternalPostItem post={post} />)}
      </section>
    </>
  );
}

export function InboxPage({ items, message }: { items: readonly InboxItem[]; message?: string | undefined }) {
  return (
    <>
      <p>
        <a href="/settings/blogs">← Your blogs elsewhere</a>
      </p>
      <h1>Posts that need a Thing</h1>
      <ErrorSummary message={message} />
      {items.length === 0 ? (
        <p>Nothing waiting: every post from your blogs is placed.</p>
      ) : (
        items.map((item) => (
          <section class="card" aria-labelledby={`inbox-${item.id}`}>
            <h2 id={`inbox-${item.id}`}>{item.title}</h2>
            <p class="hint">
              <Time iso={item.publishedAt} />
              {item.url && (
                <>
                  {' '}
                  ·{' '}
                  <a href={item.url} rel="nofollow ugc noopener">
                    Read on their blog<span class="visually-hidden">: {item.title}</span>
                  </a>
                </>
              )}
            </p>
            {item.excerpt && <p>{item.excerpt}</p>}
            {item.choices.length === 0 ? (
              <p>You are not in a programme yet, so there is no Thing to link it to.</p>
            ) : (
              <>
                <p>Which Thing does it answer?</p>
                <ul class="choice-list">
                  {item.choices.slice(0, 30).map((thing) => (
                    <li>
                      <form method="post" action={`/settings/blogs/posts/${item.id}/assign`} class="inline-form">
                        <input type="hidden" name="thing" value={`${thing.programme}:${thing.number}`} />
                        <button type="submit" class="secondary">
                          {thingLabel(thing)}
                          <span class="visually-hidden"> for “{item.title}”</span>
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        ))
      )}
    </>
  );
}
