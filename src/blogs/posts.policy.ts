import type { Account } from '../accounts/accounts.service.ts';
import type { CommentPolicy, PostsTable, Visibility } from '../db/schema.ts';

/** Who is looking: a signed-in account, or nobody (a visitor, a feed reader). */
export type Viewer = Pick<Account, 'id' | 'roles'> | undefined;

type PostLike = Pick<PostsTable, 'author_id' | 'status' | 'visibility' | 'published_at'>;

/**
 * Whether the viewer is connected to the author. Until the network capability lands, every
 * signed-in member counts as a connection, as agreed: 'connections' then behaves like 'members'.
 */
export function isConnection(viewer: Viewer, authorId: string): boolean {
  void authorId;
  return viewer !== undefined;
}

/** The visibilities a viewer may read of someone else's published posts. */
export function visibilitiesFor(viewer: Viewer): Visibility[] {
  return viewer ? ['public', 'members', 'connections'] : ['public'];
}

export function canSeePost(viewer: Viewer, post: PostLike): boolean {
  if (viewer && viewer.id === post.author_id) return true;
  if (post.status !== 'published') return false;
  if (post.visibility === 'public') return true;
  if (post.visibility === 'private') return false;
  if (post.visibility === 'connections') return isConnection(viewer, post.author_id);
  return viewer !== undefined;
}

export function canEditPost(viewer: Viewer, post: Pick<PostsTable, 'author_id'>): boolean {
  return viewer !== undefined && viewer.id === post.author_id;
}

export function isModerator(viewer: Viewer): boolean {
  return viewer !== undefined && (viewer.roles.includes('moderator') || viewer.roles.includes('admin'));
}

/** The rule in force for a post: its own, or its blog's. */
export function effectiveCommentPolicy(post: Pick<PostsTable, 'comments'>, blogPolicy: CommentPolicy): CommentPolicy {
  return post.comments === 'default' ? blogPolicy : post.comments;
}

export function canComment(viewer: Viewer, post: PostLike & Pick<PostsTable, 'comments'>, blogPolicy: CommentPolicy): boolean {
  if (!viewer || !canSeePost(viewer, post) || post.status !== 'published') return false;
  const policy = effectiveCommentPolicy(post, blogPolicy);
  if (policy === 'nobody') return false;
  if (viewer.id === post.author_id) return true;
  return policy === 'signed_in' || isConnection(viewer, post.author_id);
}

/** A comment's author may change its words for this long after writing it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60_000;

export function canEditComment(
  viewer: Viewer,
  comment: { author_id: string | null; created_at: string; deleted_at: string | null },
  now: Date,
): boolean {
  return (
    viewer !== undefined &&
    comment.author_id === viewer.id &&
    comment.deleted_at === null &&
    now.getTime() - Date.parse(comment.created_at) <= COMMENT_EDIT_WINDOW_MS
  );
}

/** The comment's author, the post's author, or a moderator. */
export function canDeleteComment(viewer: Viewer, comment: { author_id: string | null }, post: Pick<PostsTable, 'author_id'>): boolean {
  if (!viewer) return false;
  return comment.author_id === viewer.id || post.author_id === viewer.id || isModerator(viewer);
}
