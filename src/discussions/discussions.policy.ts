import type { Account } from '../viewer.ts';

/**
 * The rules of every discussion, pure: who sees a held comment, who may change or delete one, when
 * a newcomer's comment is held, how deep replies nest. What depends on the subject (who may read
 * it, who moderates it) comes from the subject itself: see {@link DiscussionSubject}.
 */

/** Who is looking: a signed-in member, or nobody. */
export type Viewer = Pick<Account, 'id' | 'roles'> | undefined;

const minute = 60_000;

/** Per member, over all discussions: enough to hold a conversation, too few to flood one. */
export const commentRateRule = { limit: 10, windowMs: 10 * minute };
/** Accounts younger than this have their first comment held until it is approved. */
export const NEW_ACCOUNT_MS = 24 * 60 * minute;
/** A comment's author may change its words for this long after writing it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * minute;
/** Replies nest this deep on the page; deeper replies line up under the last level. */
export const MAX_DEPTH = 5;

/**
 * What a discussion needs to know of its subject, as one viewer sees it. The subject's capability
 * builds it (blogs for posts): discussions never read the subject's tables.
 */
export interface DiscussionSubject {
  /** 'post' today; 'topic', 'resource', 'job' next. */
  readonly type: string;
  readonly id: string;
  /** How messages name it: "Comments are closed on this post." */
  readonly noun: string;
  /** Shown in notifications: … commented on “{title}”. */
  readonly title: string;
  /** Its page (a path): comments are anchored at `{url}#comment-{id}` and written at `{url}/comments`. */
  readonly url: string;
  /** Told of new comments and of held ones (the post's author). */
  readonly ownerId: string;
  /** The viewer may read the subject, and so its discussion. */
  readonly viewerMayRead: boolean;
  /** The viewer may add a comment now (the subject is open to her). */
  readonly viewerMayComment: boolean;
  /** The viewer moderates this discussion (the post's author, a site moderator): approves, deletes, sees held comments. */
  readonly viewerModerates: boolean;
}

interface CommentFacts {
  readonly author_id: string | null;
  readonly status: 'visible' | 'held';
  readonly created_at: string;
  readonly deleted_at: string | null;
}

/**
 * THE HOLD RULE. A comment is held (shown only to its author and the discussion's moderators until
 * one approves it) when its author is younger than a day and has no comment showing anywhere yet;
 * never when she moderates the discussion.
 */
export function isHeld(author: { moderatesSubject: boolean; joinedAt: string; hasShownComment: boolean }, now: Date): boolean {
  return !author.moderatesSubject && now.getTime() - Date.parse(author.joinedAt) < NEW_ACCOUNT_MS && !author.hasShownComment;
}

/** A held comment shows only to its author and to those who moderate the subject. */
export function mayReadComment(
  viewer: Viewer,
  comment: Pick<CommentFacts, 'status' | 'author_id'>,
  subject: Pick<DiscussionSubject, 'viewerModerates'>,
): boolean {
  if (comment.status !== 'held') return true;
  return viewer !== undefined && (viewer.id === comment.author_id || subject.viewerModerates);
}

export function canEditComment(viewer: Viewer, comment: Pick<CommentFacts, 'author_id' | 'created_at' | 'deleted_at'>, now: Date): boolean {
  return (
    viewer !== undefined &&
    comment.author_id === viewer.id &&
    comment.deleted_at === null &&
    now.getTime() - Date.parse(comment.created_at) <= COMMENT_EDIT_WINDOW_MS
  );
}

/** The comment's author, or whoever moderates the subject. */
export function canDeleteComment(
  viewer: Viewer,
  comment: Pick<CommentFacts, 'author_id'>,
  subject: Pick<DiscussionSubject, 'viewerModerates'>,
): boolean {
  return viewer !== undefined && (comment.author_id === viewer.id || subject.viewerModerates);
}

export function canApproveComment(viewer: Viewer, subject: Pick<DiscussionSubject, 'viewerModerates'>): boolean {
  return viewer !== undefined && subject.viewerModerates;
}

/**
 * A discussion in thread order: each reply right after its parent (replies to a comment the viewer
 * cannot see go to the top level), with its depth. A deleted comment stays as a placeholder only
 * while something below it stays, so the thread still reads.
 */
export function threadOrder<T extends { id: string; parent_id: string | null; deleted_at: string | null }>(
  rows: readonly T[],
): Array<{ row: T; depth: number }> {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, T[]>();
  for (const r of rows) {
    const key = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    const siblings = children.get(key);
    if (siblings) siblings.push(r);
    else children.set(key, [r]);
  }
  const out: Array<{ row: T; depth: number }> = [];
  const walk = (parent: string | null, depth: number): boolean => {
    let kept = false;
    for (const row of children.get(parent) ?? []) {
      const at = out.length;
      out.push({ row, depth });
      const below = walk(row.id, depth + 1);
      if (row.deleted_at && !below) out.splice(at, 1);
      else kept = true;
    }
    return kept;
  };
  walk(null, 0);
  return out;
}
