import type { AppContext } from '../context.ts';
import type { PostStatus } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import type { PostEvent } from '../events.ts';
import { newId } from '../ids.ts';
import { fieldErrors } from '../accounts/accounts.schemas.ts';
import { renderMarkdown } from '../markup/markdown.ts';
import { standingBetween } from '../relations.ts';
import { canEditPost, canSeePost, type Viewer } from './posts.policy.ts';
import {
  deletePostRow,
  duePosts,
  findPostById,
  insertPost,
  publishScheduled,
  slugTaken,
  updatePostRow,
  type PostRow,
  type PostWithAuthor,
} from './posts.queries.ts';
import { normaliseTags, postInputSchema, slugify, type PostInput } from './posts.schemas.ts';
import { excerpt, htmlToText } from '../markup/sanitise.ts';
import { ownMedia, releaseMedia } from './media.service.ts';
import { postShownIn } from './posts.tags.ts';

const hour = 3_600_000;
/** Enough for a prolific writer, too few for a spammer. */
export const postRateRule = { limit: 30, windowMs: hour };

export function parsePostInput(raw: unknown): PostInput {
  const parsed = postInputSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

/** The absolute address of a post. */
export function postUrl(ctx: AppContext, handle: string, slug: string): string {
  return `${ctx.config.baseUrl}/@${handle}/${slug}`;
}

/** Where the post stands once saved: scheduled when its publish time is still ahead. */
function statusFor(ctx: AppContext, input: PostInput, previous?: PostRow): { status: PostStatus; publishedAt: string | null } {
  const now = ctx.clock.now();
  if (input.status === 'draft') return { status: 'draft', publishedAt: previous?.published_at ?? null };
  if (input.publishAt) {
    const at = new Date(input.publishAt);
    if (at.getTime() > now.getTime()) return { status: 'scheduled', publishedAt: at.toISOString() };
  }
  // Re-publishing keeps the first publication date.
  if (previous?.status === 'published' || (previous?.published_at && previous.source === 'import')) {
    return { status: 'published', publishedAt: previous.published_at };
  }
  return { status: 'published', publishedAt: input.publishAt ? new Date(input.publishAt).toISOString() : now.toISOString() };
}

export function postEvent(ctx: AppContext, post: PostWithAuthor): PostEvent {
  return {
    postId: post.id,
    authorId: post.author_id,
    title: post.title,
    url: postUrl(ctx, post.author_handle, post.slug),
    excerpt: excerpt(post.body_text),
    visibility: post.visibility,
    publishedAt: post.published_at ?? post.created_at,
    thing:
      post.thing_programme !== null && post.thing_number !== null ? { programme: post.thing_programme, number: post.thing_number } : null,
    source: post.source,
    tags: post.tags.map((t) => t.toLowerCase()),
  };
}

const sameThing = (a: { programme: string; number: number } | null, b: { programme: string; number: number } | null) =>
  (a === null && b === null) || (a !== null && b !== null && a.programme === b.programme && a.number === b.number);

async function uniqueSlug(ctx: AppContext, authorId: string, title: string): Promise<string> {
  const base = slugify(title);
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(ctx.db, authorId, slug))) return slug;
  }
  return `${base}-${newId().slice(-8)}`;
}

/** Lets the programmes capability refuse a Thing link before anything is saved. */
async function checkThing(ctx: AppContext, draft: PostEvent): Promise<void> {
  await ctx.events.emit('post.checking', draft);
}

/** The columns a post's words, audience and Thing set: the same on writing and on editing. */
function contentColumns(input: PostInput, content: { html: string; text: string; status: PostStatus; publishedAt: string | null }) {
  return {
    title: input.title,
    body: input.body,
    html: content.html,
    body_text: content.text,
    status: content.status,
    visibility: input.visibility,
    comments: input.comments,
    thing_programme: input.thing?.programme ?? null,
    thing_number: input.thing?.number ?? null,
    published_at: content.publishedAt,
  };
}

/** Writes a new post; publishes or schedules it when asked. */
export async function createPost(ctx: AppContext, author: { id: string; handle: string }, raw: unknown): Promise<PostWithAuthor> {
  const input = parsePostInput(raw);
  const wait = ctx.limiter.consume(`posts:${author.id}`, postRateRule);
  if (wait) throw tooManyRequests(wait);
  const now = ctx.clock.now().toISOString();
  const { status, publishedAt } = statusFor(ctx, input);
  const html = renderMarkdown(input.body);
  const text = htmlToText(html);
  const tags = normaliseTags(input.tags);
  const thing = input.thing ?? null;
  const id = newId();
  const cover = input.coverImage ? (await ownMedia(ctx, author.id, input.coverImage)).id : null;
  const slug = await uniqueSlug(ctx, author.id, input.title);
  if (thing && status !== 'draft') {
    await checkThing(ctx, {
      postId: id,
      authorId: author.id,
      title: input.title,
      url: postUrl(ctx, author.handle, slug),
      excerpt: excerpt(text),
      visibility: input.visibility,
      publishedAt: publishedAt ?? now,
      thing,
      source: 'local',
      tags,
    });
  }
  await ctx.cache.changing({ tables: ['posts', 'post_tags'], tags: postShownIn({ id, author_id: author.id }, tags) }, () =>
    insertPost(
      ctx.db,
      {
        id,
        author_id: author.id,
        slug,
        ...contentColumns(input, { html, text, status, publishedAt }),
        body_format: 'markdown',
        source: 'local',
        source_key: null,
        edited_at: null,
        created_at: now,
        updated_at: now,
        cover_media_id: cover,
      },
      tags,
    ),
  );
  const post = (await findPostById(ctx.db, id))!;
  if (post.status === 'published') await ctx.events.emit('post.published', postEvent(ctx, post));
  return post;
}

/** A post the viewer may see, or 404 — also for what the viewer may not know exists. */
export async function getVisiblePost(ctx: AppContext, viewer: Viewer, id: string): Promise<PostWithAuthor> {
  const post = await findPostById(ctx.db, id);
  if (!post || !canSeePost(viewer, post, await standingBetween(ctx.db, viewer?.id, post.author_id)))
    throw new AppError('not_found', 'There is no such post.');
  return post;
}

async function getEditablePost(ctx: AppContext, viewer: Viewer, id: string): Promise<PostWithAuthor> {
  const post = await getVisiblePost(ctx, viewer, id);
  if (!canEditPost(viewer, post)) throw new AppError('forbidden', 'Only the author can change this post.');
  return post;
}

/** Changes a post; a partial input keeps what is not named. Shows "updated" once a published post changes. */
export async function updatePost(ctx: AppContext, viewer: Viewer, id: string, patch: Record<string, unknown>): Promise<PostWithAuthor> {
  const before = await getEditablePost(ctx, viewer, id);
  const beforeThing =
    before.thing_programme !== null && before.thing_number !== null
      ? { programme: before.thing_programme, number: before.thing_number }
      : null;
  const merged = {
    title: before.title,
    body: before.body,
    tags: before.tags,
    thing: beforeThing,
    visibility: before.visibility,
    status: before.status === 'draft' ? 'draft' : 'published',
    publishAt: before.status === 'scheduled' ? before.published_at : null,
    comments: before.comments,
    coverImage: before.cover_media_id,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  };
  const input = parsePostInput(merged);
  const now = ctx.clock.now().toISOString();
  const { status, publishedAt } = statusFor(ctx, input, before);
  const bodyChanged = input.body !== before.body || before.body_format !== 'markdown';
  const html = bodyChanged
    ? patch.body === undefined && before.body_format === 'html'
      ? before.html
      : renderMarkdown(input.body)
    : before.html;
  const bodyFormat = patch.body === undefined ? before.body_format : 'markdown';
  const text = htmlToText(html);
  const tags = normaliseTags(input.tags);
  const thing = input.thing ?? null;
  const wasLive = before.status === 'published';
  const cover = input.coverImage
    ? input.coverImage === before.cover_media_id
      ? before.cover_media_id
      : (await ownMedia(ctx, before.author_id, input.coverImage)).id
    : null;

  if (thing && status !== 'draft' && (!sameThing(thing, beforeThing) || before.status === 'draft')) {
    await checkThing(ctx, {
      postId: id,
      authorId: before.author_id,
      title: input.title,
      url: postUrl(ctx, before.author_handle, before.slug),
      excerpt: excerpt(text),
      visibility: input.visibility,
      publishedAt: publishedAt ?? now,
      thing,
      source: before.source,
      tags,
    });
  }
  const contentChanged = input.title !== before.title || input.body !== before.body;
  await ctx.cache.changing({ tables: ['posts', 'post_tags'], tags: postShownIn(before, before.tags, tags) }, () =>
    updatePostRow(
      ctx.db,
      id,
      {
        ...contentColumns(input, { html, text, status, publishedAt }),
        body_format: bodyFormat,
        updated_at: now,
        edited_at: wasLive && status === 'published' && contentChanged ? now : before.edited_at,
        cover_media_id: cover,
      },
      tags,
    ),
  );
  // A cover taken off leaves no file behind, unless something else still shows it.
  if (before.cover_media_id !== cover) await releaseMedia(ctx, before.cover_media_id);
  const after = (await findPostById(ctx.db, id))!;
  if (wasLive && (after.status !== 'published' || !sameThing(thing, beforeThing))) {
    await ctx.events.emit('post.withdrawn', { postId: id, authorId: after.author_id });
  }
  if (after.status === 'published') await ctx.events.emit('post.published', postEvent(ctx, after));
  return after;
}

export async function deletePost(ctx: AppContext, viewer: Viewer, id: string): Promise<void> {
  const post = await getEditablePost(ctx, viewer, id);
  // Its comments and tags go with it (foreign keys): they showed only where the post did.
  await ctx.cache.changing({ tables: ['posts'], tags: postShownIn(post, post.tags) }, () => deletePostRow(ctx.db, id));
  await releaseMedia(ctx, post.cover_media_id);
  if (post.status === 'published') await ctx.events.emit('post.withdrawn', { postId: id, authorId: post.author_id });
}

/** The scheduled-publishing job: publishes what is due and announces it. */
export async function publishDuePosts(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  let count = 0;
  for (const due of await duePosts(ctx.db, now)) {
    const tagged = await findPostById(ctx.db, due.id);
    const published = await ctx.cache.changing({ tables: ['posts'], tags: postShownIn(due, tagged?.tags ?? []) }, () =>
      publishScheduled(ctx.db, due.id, now),
    );
    if (!published) continue; // another worker took it
    const post = await findPostById(ctx.db, due.id);
    if (post) await ctx.events.emit('post.published', postEvent(ctx, post));
    count += 1;
  }
  return count;
}
