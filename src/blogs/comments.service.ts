import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { DiscussionSubject } from '../discussions/discussions.policy.ts';
import {
  addComment as addToDiscussion,
  type CommentView,
  listComments as discussionOf,
  provideDiscussionSubjects,
} from '../discussions/discussions.service.ts';
import { standingBetween } from '../relations.ts';
import type { Account } from '../viewer.ts';
import { canComment, canSeePost, isModerator, type Viewer } from './posts.policy.ts';
import { blogCommentPolicy, findPostById, type PostWithAuthor } from './posts.queries.ts';
import { postPath } from './posts.views.tsx';

// Comments on posts are a discussion (src/discussions/) whose subject is the post: what follows
// tells discussions what they need to know of a post, and nothing else is blog-specific.
export {
  approveComment,
  type CommentView,
  deleteComment,
  editComment,
  getCommentForViewer,
} from '../discussions/discussions.service.ts';

/** A post as the subject of its discussion, seen by one viewer. */
export async function postSubject(ctx: AppContext, viewer: Viewer, post: PostWithAuthor): Promise<DiscussionSubject> {
  const standing = await standingBetween(ctx.db, viewer?.id, post.author_id);
  const readable = canSeePost(viewer, post, standing);
  // Visitors never comment, so only members pay for reading the blog's rule.
  const open = readable && viewer !== undefined && canComment(viewer, post, await blogCommentPolicy(ctx.db, post.author_id), standing);
  return {
    type: 'post',
    id: post.id,
    noun: 'post',
    title: post.title,
    url: postPath(post),
    ownerId: post.author_id,
    viewerMayRead: readable,
    viewerMayComment: open,
    viewerModerates: viewer !== undefined && (viewer.id === post.author_id || isModerator(viewer)),
  };
}

/** At start-up (src/handlers.ts): how `/comments/{id}` finds the post a comment is on. */
export function providePostDiscussions(ctx: AppContext): void {
  provideDiscussionSubjects(ctx, 'post', async (ctx, viewer, id) => {
    const post = await findPostById(ctx.db, id);
    return post && postSubject(ctx, viewer, post);
  });
}

/** Comments or replies on a post; new accounts' first comments wait for the post's author. */
export async function addComment(ctx: AppContext, viewer: Account, postId: string, raw: unknown): Promise<CommentView> {
  const post = await findPostById(ctx.db, postId);
  const subject = post && (await postSubject(ctx, viewer, post));
  if (!subject?.viewerMayRead) throw new AppError('not_found', 'There is no such post.');
  return addToDiscussion(ctx, viewer, subject, raw);
}

/** A post's comments as the viewer may read them, in thread order. */
export async function listComments(ctx: AppContext, viewer: Viewer, post: PostWithAuthor): Promise<CommentView[]> {
  return discussionOf(ctx, viewer, await postSubject(ctx, viewer, post));
}
