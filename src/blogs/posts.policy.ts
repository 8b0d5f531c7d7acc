import type { Account } from '../accounts/accounts.service.ts';
import type { CommentPolicy, PostsTable } from '../db/schema.ts';
import type { Standing } from '../relations.ts';

/** Who is looking: a signed-in account, or nobody (a visitor, a feed reader). */
export type Viewer = Pick<Account, 'id' | 'roles'> | undefined;

type PostLike = Pick<PostsTable, 'author_id' | 'status' | 'visibility' | 'published_at'>;

/**
 * Who may read a post. How the viewer stands to its author (connected, blocked either way) comes
 * through the relations seam (src/relations.ts): nobody is connected yet, so 'connections' posts
 * show to their author alone until the network capability provides connections. The SQL form,
 * used by every list, feed and search, is `visibleTo` in posts.queries.ts: change both together.
 */
export function canSeePost(viewer: Viewer, post: PostLike, standing: Standing): boolean {
  if (viewer && viewer.id === post.author_id) return true;
  if (post.status !== 'published' || standing.blocked) return false;
  if (post.visibility === 'public') return true;
  if (post.visibility === 'private') return false;
  if (post.visibility === 'connections') return standing.connected;
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

export function canComment(
  viewer: Viewer,
  post: PostLike & Pick<PostsTable, 'comments'>,
  blogPolicy: CommentPolicy,
  standing: Standing,
): boolean {
  if (!viewer || !canSeePost(viewer, post, standing) || post.status !== 'published') return false;
  const policy = effectiveCommentPolicy(post, blogPolicy);
  if (policy === 'nobody') return false;
  if (viewer.id === post.author_id) return true;
  return policy === 'signed_in' || standing.connected;
}
