import { ANY_WRITE, defineCache } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import type { CommentsTable } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { invalidFields, parseInput } from '../validation.ts';
import { renderMarkdown } from '../markup/markdown.ts';
import { excerpt, htmlToText } from '../markup/sanitise.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { Account } from '../viewer.ts';
import {
  type DiscussionSubject,
  type Viewer,
  canApproveComment,
  canDeleteComment,
  canEditComment,
  commentRateRule,
  isHeld,
  mayReadComment,
  threadOrder,
} from './discussions.policy.ts';
import {
  blankComment,
  type CommentRow,
  commentsOf,
  findComment,
  hasShownComment,
  insertComment,
  memberFacts,
  rewriteComment,
  showComment,
} from './discussions.queries.ts';
import { editedCommentSchema, newCommentSchema } from './discussions.schemas.ts';

export interface CommentView {
  readonly id: string;
  readonly subjectType: string;
  readonly subjectId: string;
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

/** Builds the subject of a comment's discussion, as the viewer sees it; undefined when it is gone. */
export type SubjectLoader = (ctx: AppContext, viewer: Viewer, id: string) => Promise<DiscussionSubject | undefined>;

const subjectLoaders = new WeakMap<AppContext, Map<string, SubjectLoader>>();

/**
 * THE SEAM to the subjects' capabilities: each tells, at start-up (src/handlers.ts), how to build
 * its subjects, so `/comments/{id}` finds the post (topic, job…) a comment belongs to without
 * discussions importing blogs.
 */
export function provideDiscussionSubjects(ctx: AppContext, type: string, loader: SubjectLoader): void {
  const loaders = subjectLoaders.get(ctx) ?? new Map<string, SubjectLoader>();
  loaders.set(type, loader);
  subjectLoaders.set(ctx, loaders);
}

/** A comment and its subject, when the viewer may read both; 404 otherwise (not theirs to know of). */
async function commentAndSubject(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
): Promise<{ comment: CommentsTable; subject: DiscussionSubject }> {
  const comment = await findComment(ctx.db, id);
  const load = comment && subjectLoaders.get(ctx)?.get(comment.subject_type);
  const subject = comment && load && (await load(ctx, viewer, comment.subject_id));
  if (!comment || !subject?.viewerMayRead || !mayReadComment(viewer, comment, subject))
    throw new AppError('not_found', 'There is no such comment.');
  return { comment, subject };
}

/**
 * A discussion shows on its subject's page only (lists and feeds carry no counts), whose cache tag
 * is `type:id` (`post:ID`, as cache/tags.ts makes it): a change to a comment drops that.
 */
const shownOn = (subject: { type: string; id: string }) => ({ tables: ['comments'], tags: [`${subject.type}:${subject.id}`] });

const commentUrl = (subject: DiscussionSubject, commentId: string) => `${subject.url}#comment-${commentId}`;

/** Adds a comment or a reply; a newcomer's first comment is held (see isHeld). */
export async function addComment(ctx: AppContext, viewer: Account, subject: DiscussionSubject, raw: unknown): Promise<CommentView> {
  if (!subject.viewerMayRead) throw new AppError('not_found', `There is no such ${subject.noun}.`);
  if (!subject.viewerMayComment) throw new AppError('forbidden', `Comments are closed on this ${subject.noun}.`);
  const input = parseInput(newCommentSchema, raw);
  let parent: CommentsTable | undefined;
  if (input.parentId) {
    parent = await findComment(ctx.db, input.parentId);
    if (!parent || parent.subject_type !== subject.type || parent.subject_id !== subject.id || !mayReadComment(viewer, parent, subject)) {
      throw invalidFields({ parentId: `That comment is not on this ${subject.noun}.` });
    }
    if (parent.deleted_at) throw new AppError('unprocessable', `That comment was deleted; reply to the ${subject.noun} instead.`);
  }
  const wait = ctx.limiter.consume(`comments:${viewer.id}`, commentRateRule);
  if (wait) throw tooManyRequests(wait);

  const now = ctx.clock.now();
  const held = !subject.viewerModerates && (await newcomerHeld(ctx, viewer.id, now));
  const id = newId();
  const html = renderMarkdown(input.body);
  await ctx.cache.changing(shownOn(subject), () =>
    insertComment(ctx.db, {
      id,
      subject_type: subject.type,
      subject_id: subject.id,
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
    }),
  );
  if (held) {
    await notify(ctx, {
      userId: subject.ownerId,
      kind: 'comment',
      url: commentUrl(subject, id),
      text: `${viewer.displayName} (a new member) commented on “${subject.title}”: it waits for your approval.`,
      email: {
        subject: `A comment awaits your approval on “${subject.title}”`,
        text: `${viewer.displayName} is new here, so their first comment waits for you to approve it:\n\n${excerpt(htmlToText(html), 500)}`,
      },
    });
  } else {
    await shown(ctx, subject, { id, parentAuthorId: parent?.author_id ?? null, authorId: viewer.id, authorName: viewer.displayName, html });
  }
  return (await listComments(ctx, viewer, subject)).find((c) => c.id === id)!;
}

/** Reads the hold rule's facts for one member and applies it (see isHeld in the policy). */
async function newcomerHeld(ctx: AppContext, userId: string, now: Date): Promise<boolean> {
  const member = await memberFacts(ctx.db, userId);
  if (!member) return false;
  return isHeld({ moderatesSubject: false, joinedAt: member.created_at, hasShownComment: await hasShownComment(ctx.db, userId) }, now);
}

/**
 * A comment now shows to everyone: tells the subject's owner and the parent comment's author (never
 * oneself, never twice), then emits `comment.shown` — where mentions will plug in.
 */
async function shown(
  ctx: AppContext,
  subject: DiscussionSubject,
  c: { id: string; parentAuthorId: string | null; authorId: string; authorName: string; html: string },
) {
  const words = excerpt(htmlToText(c.html), 500);
  if (c.parentAuthorId && c.parentAuthorId !== c.authorId) {
    await notify(ctx, {
      userId: c.parentAuthorId,
      kind: 'reply',
      url: commentUrl(subject, c.id),
      text: `${c.authorName} replied to your comment on “${subject.title}”.`,
      email: {
        subject: `${c.authorName} replied to your comment`,
        text: `${c.authorName} replied to your comment on “${subject.title}”:\n\n${words}`,
      },
    });
  }
  if (subject.ownerId !== c.authorId && subject.ownerId !== c.parentAuthorId) {
    await notify(ctx, {
      userId: subject.ownerId,
      kind: 'comment',
      url: commentUrl(subject, c.id),
      text: `${c.authorName} commented on “${subject.title}”.`,
      email: {
        subject: `${c.authorName} commented on “${subject.title}”`,
        text: `${c.authorName} commented on your ${subject.noun} “${subject.title}”:\n\n${words}`,
      },
    });
  }
  await ctx.events.emit('comment.shown', {
    subjectType: subject.type,
    subjectId: subject.id,
    commentId: c.id,
    authorId: c.authorId,
    html: c.html,
    url: commentUrl(subject, c.id),
  });
}

/** Whoever moderates the subject lets a held comment show; its author is then no longer held. */
export async function approveComment(ctx: AppContext, viewer: Viewer, id: string): Promise<void> {
  const { comment, subject } = await commentAndSubject(ctx, viewer, id);
  if (!canApproveComment(viewer, subject)) throw new AppError('forbidden', `Only the ${subject.noun}’s author can approve comments.`);
  if (comment.status !== 'held') return;
  await ctx.cache.changing(shownOn(subject), () => showComment(ctx.db, id));
  const author = comment.author_id ? await memberFacts(ctx.db, comment.author_id) : undefined;
  const parent = comment.parent_id ? await findComment(ctx.db, comment.parent_id) : undefined;
  if (comment.author_id && author) {
    await shown(ctx, subject, {
      id,
      parentAuthorId: parent?.author_id ?? null,
      authorId: comment.author_id,
      authorName: author.display_name,
      html: comment.html,
    });
  }
}

export async function editComment(ctx: AppContext, viewer: Viewer, id: string, raw: unknown): Promise<void> {
  const { comment, subject } = await commentAndSubject(ctx, viewer, id);
  if (!canEditComment(viewer, comment, ctx.clock.now()))
    throw new AppError('forbidden', 'A comment can be changed by its author for 15 minutes after writing it.');
  const { body } = parseInput(editedCommentSchema, raw ?? {});
  await ctx.cache.changing(shownOn(subject), () =>
    rewriteComment(ctx.db, id, { body, html: renderMarkdown(body), edited_at: ctx.clock.now().toISOString() }),
  );
}

/**
 * Deletes a comment (its author, or whoever moderates the subject). Its words go at once; its place
 * stays as "deleted" while replies hang from it, so the thread still reads.
 */
export async function deleteComment(ctx: AppContext, viewer: Viewer, id: string): Promise<{ subject: DiscussionSubject }> {
  const { comment, subject } = await commentAndSubject(ctx, viewer, id);
  if (!canDeleteComment(viewer, comment, subject))
    throw new AppError('forbidden', `Only the comment’s author, the ${subject.noun}’s author or a moderator can delete it.`);
  await ctx.cache.changing(shownOn(subject), () => blankComment(ctx.db, id, ctx.clock.now().toISOString()));
  return { subject };
}

export async function getCommentForViewer(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
): Promise<{ comment: CommentView; subject: DiscussionSubject }> {
  const { subject } = await commentAndSubject(ctx, viewer, id);
  const found = (await listComments(ctx, viewer, subject)).find((c) => c.id === id);
  if (!found) throw new AppError('not_found', 'There is no such comment.');
  return { comment: found, subject };
}

/**
 * A subject's comments as the viewer may read them, in thread order (each reply after its parent).
 * Held comments show only to their author and the moderators; deleted ones only while they still
 * have replies showing.
 */
/**
 * A discussion's comment rows, every reader's (each request still filters what its viewer may read):
 * the one query a signed-in post page made that grows with the thread. Kept under the subject's own
 * tag (`post:ID`, as cache/tags.ts names a post) and dropped by any write readers see.
 */
const keptCommentRows = defineCache<readonly CommentRow[]>({
  name: 'comment-rows',
  ttlMs: 60_000,
  maxBytes: 16 * 1024 * 1024,
  sizeOf: (rows) => rows.reduce((n, r) => n + r.body.length + r.html.length + 300, 0),
});

export async function listComments(ctx: AppContext, viewer: Viewer, subject: DiscussionSubject): Promise<CommentView[]> {
  if (!subject.viewerMayRead) return [];
  const rows = await ctx.cache
    .use(keptCommentRows)
    .remember(`${subject.type}:${subject.id}`, [`${subject.type}:${subject.id}`, ANY_WRITE], () => commentsOf(ctx.db, subject));
  return threadOrder(rows.filter((r) => mayReadComment(viewer, r, subject))).map(({ row, depth }) => toView(row, depth));
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
    subjectType: r.subject_type,
    subjectId: r.subject_id,
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
