import { z } from 'zod';
import type { Account } from '../accounts/accounts.service.ts';
import { fieldErrors } from '../accounts/accounts.schemas.ts';
import { ANY_WRITE, defineCache, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import type { CommentsTable } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { notify } from '../notifications/notifications.service.ts';
import { renderMarkdown } from '../markup/markdown.ts';
import { canComment, canDeleteComment, canEditComment, canSeePost, isModerator, type Viewer } from './posts.policy.ts';
import { blogCommentPolicy, findPostById, type PostWithAuthor } from './posts.queries.ts';
import { excerpt, htmlToText } from '../markup/sanitise.ts';

const minute = 60_000;
/** Per member: enough to hold a conversation, too few to flood one. */
export const commentRateRule = { limit: 10, windowMs: 10 * minute };
/** Accounts younger than this have their first comment held for the post's author. */
export const NEW_ACCOUNT_MS = 24 * 60 * minute;
/** Replies nest this deep on the page; deeper replies line up under the last level. */
export const MAX_DEPTH = 5;

const bodySchema = z.string({ error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(10_000, 'Use at most 10,000 characters.');
const newCommentSchema = z.object({ body: bodySchema, parentId: z.string().max(64).nullable().optional() });

export interface CommentView {
  readonly id: string;
  readonly postId: string;
  readonly parentId: string | null;
  /** Empty when deleted. */
  readonly html: string;
  readonly body: string;
  readonly author: { readonly handle: string | null; readonly name: string; readonly url: string | null } | null;
  readonly authorId: string | null;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly deleted: boolean;
  readonly held: boolean;
  readonly depth: number;
}

type CommentRow = CommentsTable & { handle: string | null; display_name: string | null };

function commentUrl(post: PostWithAuthor, commentId: string): string {
  return `/@${post.author_handle}/${post.slug}#comment-${commentId}`;
}

async function loadComment(ctx: AppContext, id: string): Promise<CommentsTable | undefined> {
  return ctx.db.kysely.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A comment and its post, when the viewer may see the post; 404 otherwise. */
async function commentAndPost(ctx: AppContext, viewer: Viewer, id: string): Promise<{ comment: CommentsTable; post: PostWithAuthor }> {
  const comment = await loadComment(ctx, id);
  const post = comment && (await findPostById(ctx.db, comment.post_id));
  if (!comment || !post || !canSeePost(viewer, post) || !mayReadComment(viewer, comment, post))
    throw new AppError('not_found', 'There is no such comment.');
  return { comment, post };
}

function mayReadComment(viewer: Viewer, comment: Pick<CommentsTable, 'status' | 'author_id'>, post: PostWithAuthor): boolean {
  if (comment.status !== 'held') return true;
  return viewer !== undefined && (viewer.id === comment.author_id || viewer.id === post.author_id || isModerator(viewer));
}

/** A post's comments show on its page only (lists and feeds carry no counts): a change drops that. */
const commentsOf = (post: { id: string }) => ({ tables: ['comments'], tags: [tags.post(post.id)] });

/** Adds a comment or a reply; new accounts' first comments wait for the post's author. */
export async function addComment(ctx: AppContext, viewer: Account, postId: string, raw: unknown): Promise<CommentView> {
  const post = await findPostById(ctx.db, postId);
  if (!post || !canSeePost(viewer, post)) throw new AppError('not_found', 'There is no such post.');
  if (!canComment(viewer, post, await blogCommentPolicy(ctx.db, post.author_id))) {
    throw new AppError('forbidden', 'Comments are closed on this post.');
  }
  const parsed = newCommentSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: fieldErrors(parsed.error) });
  const input = parsed.data;
  let parent: CommentsTable | undefined;
  if (input.parentId) {
    parent = await loadComment(ctx, input.parentId);
    if (!parent || parent.post_id !== post.id || !mayReadComment(viewer, parent, post)) {
      throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { parentId: 'That comment is not on this post.' } });
    }
    if (parent.deleted_at) throw new AppError('unprocessable', 'That comment was deleted; reply to the post instead.');
  }
  const wait = ctx.limiter.consume(`comments:${viewer.id}`, commentRateRule);
  if (wait) throw tooManyRequests(wait);

  const now = ctx.clock.now();
  const held = viewer.id !== post.author_id && !isModerator(viewer) && (await isFirstTimer(ctx, viewer.id, now));
  const id = newId();
  const html = renderMarkdown(input.body);
  await ctx.cache.changing(commentsOf(post), () =>
    ctx.db.kysely
      .insertInto('comments')
      .values({
        id,
        post_id: post.id,
        parent_id: parent?.id ?? null,
        author_id: viewer.id,
        author_name: null,
        author_url: null,
        body: input.body,
        html,
        status: held ? 'held' : 'visible',
        source_key: null,
        created_at: now.toISOString(),
        edited_at: null,
        deleted_at: null,
      })
      .execute(),
  );
  if (held) {
    await notify(ctx, {
      userId: post.author_id,
      kind: 'comment',
      url: commentUrl(post, id),
      text: `${viewer.displayName} (a new member) commented on “${post.title}”: it waits for your approval.`,
      email: {
        subject: `A comment awaits your approval on “${post.title}”`,
        text: `${viewer.displayName} is new here, so their first comment waits for you to approve it:\n\n${excerpt(htmlToText(html), 500)}`,
      },
    });
  } else {
    await announce(ctx, post, { id, parentAuthorId: parent?.author_id ?? null, authorId: viewer.id, authorName: viewer.displayName, html });
  }
  return (await listComments(ctx, viewer, post)).find((c) => c.id === id)!;
}

/** Tells the post's author and the parent comment's author (never oneself, never twice). */
async function announce(
  ctx: AppContext,
  post: PostWithAuthor,
  c: { id: string; parentAuthorId: string | null; authorId: string; authorName: string; html: string },
) {
  const words = excerpt(htmlToText(c.html), 500);
  if (c.parentAuthorId && c.parentAuthorId !== c.authorId) {
    await notify(ctx, {
      userId: c.parentAuthorId,
      kind: 'reply',
      url: commentUrl(post, c.id),
      text: `${c.authorName} replied to your comment on “${post.title}”.`,
      email: {
        subject: `${c.authorName} replied to your comment`,
        text: `${c.authorName} replied to your comment on “${post.title}”:\n\n${words}`,
      },
    });
  }
  if (post.author_id !== c.authorId && post.author_id !== c.parentAuthorId) {
    await notify(ctx, {
      userId: post.author_id,
      kind: 'comment',
      url: commentUrl(post, c.id),
      text: `${c.authorName} commented on “${post.title}”.`,
      email: {
        subject: `${c.authorName} commented on “${post.title}”`,
        text: `${c.authorName} commented on your post “${post.title}”:\n\n${words}`,
      },
    });
  }
}

/** A member whose account is young and who has no comment shown anywhere yet. */
async function isFirstTimer(ctx: AppContext, userId: string, now: Date): Promise<boolean> {
  const user = await ctx.db.kysely.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirst();
  if (!user || now.getTime() - Date.parse(user.created_at) >= NEW_ACCOUNT_MS) return false;
  const shown = await ctx.db.kysely
    .selectFrom('comments')
    .select('id')
    .where('author_id', '=', userId)
    .where('status', '=', 'visible')
    .limit(1)
    .executeTakeFirst();
  return shown === undefined;
}

/** The post's author (or a moderator) lets a held comment show; its author is then no longer held. */
export async function approveComment(ctx: AppContext, viewer: Viewer, id: string): Promise<void> {
  const { comment, post } = await commentAndPost(ctx, viewer, id);
  if (!viewer || (viewer.id !== post.author_id && !isModerator(viewer)))
    throw new AppError('forbidden', 'Only the post’s author can approve comments.');
  if (comment.status !== 'held') return;
  await ctx.cache.changing(commentsOf(post), () =>
    ctx.db.kysely.updateTable('comments').set({ status: 'visible' }).where('id', '=', id).execute(),
  );
  const author = comment.author_id
    ? await ctx.db.kysely.selectFrom('users').select('display_name').where('id', '=', comment.author_id).executeTakeFirst()
    : undefined;
  const parent = comment.parent_id ? await loadComment(ctx, comment.parent_id) : undefined;
  if (comment.author_id && author) {
    await announce(ctx, post, {
      id,
      parentAuthorId: parent?.author_id ?? null,
      authorId: comment.author_id,
      authorName: author.display_name,
      html: comment.html,
    });
  }
}

export async function editComment(ctx: AppContext, viewer: Viewer, id: string, raw: unknown): Promise<void> {
  const { comment, post } = await commentAndPost(ctx, viewer, id);
  if (!canEditComment(viewer, comment, ctx.clock.now()))
    throw new AppError('forbidden', 'A comment can be changed by its author for 15 minutes after writing it.');
  const parsed = bodySchema.safeParse((raw as { body?: unknown } | undefined)?.body);
  if (!parsed.success)
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { body: parsed.error.issues[0]!.message } });
  await ctx.cache.changing(commentsOf(post), () =>
    ctx.db.kysely
      .updateTable('comments')
      .set({ body: parsed.data, html: renderMarkdown(parsed.data), edited_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute(),
  );
}

/**
 * Deletes a comment (its author, the post's author or a moderator). Its words go at once; its place
 * stays as "deleted" while replies hang from it, so the thread still reads.
 */
export async function deleteComment(ctx: AppContext, viewer: Viewer, id: string): Promise<{ postId: string }> {
  const { comment, post } = await commentAndPost(ctx, viewer, id);
  if (!canDeleteComment(viewer, comment, post))
    throw new AppError('forbidden', 'Only the comment’s author, the post’s author or a moderator can delete it.');
  await ctx.cache.changing(commentsOf(post), () =>
    ctx.db.kysely
      .updateTable('comments')
      .set({ body: '', html: '', deleted_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute(),
  );
  return { postId: post.id };
}

export async function getCommentForViewer(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
): Promise<{ comment: CommentView; post: PostWithAuthor }> {
  const { post } = await commentAndPost(ctx, viewer, id);
  const found = (await listComments(ctx, viewer, post)).find((c) => c.id === id);
  if (!found) throw new AppError('not_found', 'There is no such comment.');
  return { comment: found, post };
}

/**
 * A post's comments as the viewer may read them, in thread order (each reply after its parent).
 * Held comments show only to their author and the post's author; deleted ones only while they
 * still have replies showing.
 */
/**
 * A post's comment rows, every reader's (each request filters what its viewer may read): the one
 * query a signed-in post page made that grew with the thread. Dropped by any write readers see.
 */
const keptCommentRows = defineCache<readonly CommentRow[]>({
  name: 'comment-rows',
  ttlMs: 60_000,
  maxBytes: 16 * 1024 * 1024,
  sizeOf: (rows) => rows.reduce((n, r) => n + r.body.length + r.html.length + 300, 0),
});

export async function listComments(ctx: AppContext, viewer: Viewer, post: PostWithAuthor): Promise<CommentView[]> {
  const rows = await ctx.cache
    .use(keptCommentRows)
    .remember(post.id, [tags.post(post.id), ANY_WRITE], () =>
      ctx.db.kysely
        .selectFrom('comments')
        .leftJoin('users', 'users.id', 'comments.author_id')
        .selectAll('comments')
        .select(['users.handle as handle', 'users.display_name as display_name'])
        .where('comments.post_id', '=', post.id)
        .orderBy('comments.created_at')
        .orderBy('comments.id')
        .execute(),
    );
  const readable = rows.filter((r) => mayReadComment(viewer, r, post));
  const children = new Map<string | null, CommentRow[]>();
  const ids = new Set(readable.map((r) => r.id));
  for (const r of readable) {
    const key = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const out: CommentView[] = [];
  // Depth-first; a deleted comment is kept only if something below it is kept.
  const walk = (parent: string | null, depth: number): boolean => {
    let kept = false;
    for (const r of children.get(parent) ?? []) {
      const at = out.length;
      out.push(toView(r, depth));
      const below = walk(r.id, depth + 1);
      if (r.deleted_at && !below) out.splice(at, 1);
      else kept = true;
    }
    return kept;
  };
  walk(null, 0);
  return out;
}

function toView(r: CommentRow, depth: number): CommentView {
  const deleted = r.deleted_at !== null;
  const author = deleted
    ? null
    : r.author_id && r.handle
      ? { handle: r.handle, name: r.display_name ?? r.handle, url: null }
      : { handle: null, name: r.author_name ?? 'Someone', url: r.author_url };
  return {
    id: r.id,
    postId: r.post_id,
    parentId: r.parent_id,
    html: deleted ? '' : r.html,
    body: deleted ? '' : r.body,
    author,
    authorId: deleted ? null : r.author_id,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deleted,
    held: r.status === 'held',
    depth,
  };
}
