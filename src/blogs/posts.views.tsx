import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { ErrorSummary, Field, Select, TextArea, Time } from '../ui/components.tsx';
import type { PostWithAuthor } from './posts.queries.ts';
import { excerpt } from '../markup/sanitise.ts';
import { CoverImage, ImageFields, type CoverView } from './media.views.tsx';
import type { MediaView } from './media.service.ts';
import { CommentForm, CommentThread } from '../discussions/discussions.views.tsx';

export function FeedList({ base }: { base: string }) {
  return (
    <p class="feed-links">
      Follow in a feed reader: <a href={`${base}.atom`}>Atom</a> · <a href={`${base}.rss`}>RSS</a> · <a href={`${base}.json`}>JSON Feed</a>
    </p>
  );
}

export const postPath = (p: Pick<PostWithAuthor, 'author_handle' | 'slug'>) => `/@${p.author_handle}/${p.slug}`;

const visibilityWords: Record<string, string> = {
  public: 'Public',
  members: 'Members only',
  connections: 'Connections only',
  private: 'Only me',
};

export function Tags({ tags, handle }: { tags: readonly string[]; handle?: string }) {
  if (tags.length === 0) return null;
  return (
    <ul class="tag-list" aria-label="Tags">
      {tags.map((t) => (
        <li>
          <a href={handle ? `/@${handle}/tags/${encodeURIComponent(t)}` : `/tags/${encodeURIComponent(t)}`}>#{t}</a>
        </li>
      ))}
    </ul>
  );
}

/** One post in a list: title, byline, first words, tags. */
export function PostSummary({
  post,
  showAuthor,
  headingLevel = 2,
  cover,
}: {
  post: PostWithAuthor;
  showAuthor?: boolean;
  headingLevel?: 2 | 3;
  cover?: CoverView | null;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class={cover ? 'post-summary with-cover' : 'post-summary'}>
      {cover && <CoverImage cover={cover} small />}
      <H>
        <a href={postPath(post)}>{post.title}</a>
      </H>
      <p class="byline">
        {showAuthor && (
          <>
            <a href={`/@${post.author_handle}`}>{post.author_name}</a> ·{' '}
          </>
        )}
        {post.published_at && <Time iso={post.published_at} />}
        {post.visibility !== 'public' && <span class="badge">{visibilityWords[post.visibility]}</span>}
      </p>
      <p>{excerpt(post.body_text, 280)}</p>
      <Tags tags={post.tags} />
    </article>
  );
}

export function PostList({
  posts,
  showAuthor,
  next,
  nextBase,
  empty,
}: {
  posts: PostWithAuthor[];
  showAuthor?: boolean;
  next?: string | null;
  nextBase?: string;
  empty: string;
}) {
  return (
    <>
      {posts.length === 0 ? <p>{empty}</p> : posts.map((p) => <PostSummary post={p} showAuthor={showAuthor} cover={relativeCover(p)} />)}
      {next && nextBase && (
        <p>
          <a href={`${nextBase}${nextBase.includes('?') ? '&' : '?'}after=${encodeURIComponent(next)}`}>Older posts</a>
        </p>
      )}
    </>
  );
}

/** A post's cover with site-relative addresses (pages are on this site; feeds and the API use absolute ones). */
export function relativeCover(p: PostWithAuthor): CoverView | null {
  if (!p.cover_key || !p.cover_widths || !p.cover_width || !p.cover_height) return null;
  const widths = p.cover_widths.split(',').map(Number);
  const shown = widths.filter((w) => w <= 960).at(-1) ?? widths[0]!;
  const url = (w: number) => `/media/${p.cover_key}-${w}.webp`;
  return {
    url: url(shown),
    width: shown,
    height: Math.round((p.cover_height * shown) / p.cover_width),
    alt: p.cover_alt ?? '',
    sizes: widths.map((w) => ({ width: w, url: url(w) })),
  };
}

/** The full post: title, byline (with "updated"), cover, body, tags, the Thing it answers. */
/** A published post's comments: the thread, then the form, or why there is none. */
export function PostComments({
  comments,
  subject,
  viewer,
  now,
  signInNext,
  draft,
}: Parameters<typeof CommentThread>[0] & { signInNext: string; draft?: { value: string; error: string } | undefined }) {
  return (
    <section aria-labelledby="comments-title" class="comments-section">
      <h2 id="comments-title">Comments</h2>
      <CommentThread comments={comments} subject={subject} viewer={viewer} now={now} />
      {subject.viewerMayComment ? (
        <CommentForm subject={subject} value={draft?.value} error={draft?.error} />
      ) : viewer ? (
        <p>Comments are closed.</p>
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(signInNext)}`}>Sign in</a> to comment.
        </p>
      )}
    </section>
  );
}

export function PostArticle({ post, canEdit, children }: { post: PostWithAuthor; canEdit: boolean; children?: Child }) {
  const cover = relativeCover(post);
  return (
    <article class="post">
      <header>
        <h1>{post.title}</h1>
        <p class="byline">
          By <a href={`/@${post.author_handle}`}>{post.author_name}</a>
          {post.published_at && post.status === 'published' && (
            <>
              {' '}
              · <Time iso={post.published_at} />
            </>
          )}
          {post.edited_at && (
            <>
              {' '}
              · updated <Time iso={post.edited_at} />
            </>
          )}
          {post.visibility !== 'public' && <span class="badge">{visibilityWords[post.visibility]}</span>}
          {post.status === 'draft' && <span class="badge">Draft</span>}
          {post.status === 'scheduled' && post.published_at && (
            <span class="badge">
              Scheduled for <Time iso={post.published_at} />
            </span>
          )}
        </p>
        {post.thing_programme && post.thing_number !== null && (
          <p class="thing-link">
            Answers{' '}
            <a href={`/programmes/${encodeURIComponent(post.thing_programme)}/things/${post.thing_number}`}>
              Thing {post.thing_number} of {post.thing_programme}
            </a>
          </p>
        )}
      </header>
      {cover && <CoverImage cover={cover} />}
      {/* Sanitised when saved (markdown.ts / sanitise.ts): the only raw HTML on the page. */}
      <div class="post-body">{raw(post.html)}</div>
      <Tags tags={post.tags} handle={post.author_handle} />
      {canEdit && (
        <div class="post-actions">
          <a class="button secondary-link" href={`${postPath(post)}/edit`}>
            Edit <span class="visually-hidden">“{post.title}”</span>
          </a>
          <form method="post" action={`${postPath(post)}/delete`} class="inline-form">
            <button type="submit" class="secondary">
              Delete <span class="visually-hidden">“{post.title}”</span>
            </button>
          </form>
        </div>
      )}
      {children}
    </article>
  );
}

export interface PostFormValues {
  title?: string;
  body?: string;
  tags?: string;
  visibility?: string;
  comments?: string;
  thingProgramme?: string;
  thingNumber?: string;
  publishAt?: string;
  coverImage?: string;
  coverAlt?: string;
  imageAlt?: string;
}

/** Write or edit a post, with a server-rendered preview (no script needed). */
export function PostForm({
  action,
  values,
  fields,
  message,
  previewHtml,
  isDraft,
  cover,
  recent,
  notice,
}: {
  action: string;
  values: PostFormValues;
  fields?: Record<string, string> | undefined;
  message?: string | undefined;
  previewHtml?: string | undefined;
  isDraft: boolean;
  /** The cover image named by values.coverImage, to show. */
  cover?: CoverView | null | undefined;
  /** The writer's recent uploads, with their Markdown to paste. */
  recent?: readonly MediaView[] | undefined;
  /** Said after an upload: the Markdown to paste. */
  notice?: string | undefined;
}) {
  const f = fields ?? {};
  return (
    <>
      <ErrorSummary message={message} fields={fields} />
      {previewHtml !== undefined && (
        <section class="preview card" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p class="hint">This is how the post will read. Nothing is saved until you choose to.</p>
          <h3 class="preview-heading">{values.title}</h3>
          <div class="post-body">{raw(previewHtml)}</div>
        </section>
      )}
      {notice && (
        <div class="flash flash-success" role="status">
          <p>{notice}</p>
        </div>
      )}
      <form method="post" action={action} class="post-form" enctype="multipart/form-data">
        <Field name="title" label="Title" value={values.title} error={f.title} required maxlength={200} />
        <TextArea
          name="body"
          label="Body"
          rows={16}
          value={values.body}
          error={f.body}
          hint="Markdown: **bold**, _italic_, [a link](https://example.org), # headings, - lists, > quotes."
        />
        <Field
          name="tags"
          label="Tags (optional)"
          value={values.tags}
          error={f.tags}
          hint="Separate tags with commas, for example: reflection, networking"
        />
        <Select
          name="visibility"
          label="Who can read it"
          value={values.visibility ?? 'public'}
          error={f.visibility}
          options={[
            ['public', 'Everyone (public)'],
            ['members', 'Members of this site'],
            ['connections', 'My connections'],
            ['private', 'Only me'],
          ]}
        />
        <Select
          name="comments"
          label="Who can comment"
          value={values.comments ?? 'default'}
          error={f.comments}
          options={[
            ['default', 'As set for my blog'],
            ['signed_in', 'Anyone signed in'],
            ['connections', 'My connections'],
            ['nobody', 'Nobody (comments closed)'],
          ]}
        />
        <fieldset class="thing-fields">
          <legend>Does it answer a Thing? (optional)</legend>
          <Field
            name="thingProgramme"
            label="Programme (its short name)"
            value={values.thingProgramme}
            error={f['thing.programme'] ?? f.thing}
          />
          <Field name="thingNumber" label="Thing number" type="number" value={values.thingNumber} error={f['thing.number']} />
        </fieldset>
        <ImageFields
          coverImage={values.coverImage}
          cover={cover}
          recent={recent ?? []}
          fields={f}
          coverAlt={values.coverAlt}
          imageAlt={values.imageAlt}
        />
        <Field
          name="publishAt"
          label="Publish later (optional)"
          type="datetime-local"
          value={values.publishAt}
          error={f.publishAt}
          hint="Date and time in UTC. Leave empty to publish now."
        />
        <div class="form-actions">
          <button type="submit" name="action" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="action" value="draft" class="secondary">
            {isDraft ? 'Save draft' : 'Unpublish (back to draft)'}
          </button>
          <button type="submit" name="action" value="publish">
            {isDraft ? 'Publish' : 'Save changes'}
          </button>
        </div>
      </form>
    </>
  );
}

/** The write and edit pages: a heading over the post form. */
export function PostFormPage({ heading, ...form }: { heading: string } & Parameters<typeof PostForm>[0]) {
  return (
    <>
      <h1>{heading}</h1>
      <PostForm {...form} />
    </>
  );
}
