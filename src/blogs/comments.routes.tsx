import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn, viewerOrThrow } from '../ui/request.ts';
import { addComment, approveComment, deleteComment, editComment, getCommentForViewer } from './comments.service.ts';
import { CommentEditForm } from './comments.views.tsx';
import { postOr404, renderPost } from './posts.routes.tsx';
import { findPostById } from './posts.queries.ts';
import { postPath } from './posts.views.tsx';

/** POST /@{handle}/{slug}/comments: comment or reply on a post. */
export const postCommentPages = new Hono<AppEnv>();
/** /comments/{id}/edit|delete|approve. */
export const commentPages = new Hono<AppEnv>();

postCommentPages.post('/:slug/comments', requireSignedIn, async (c) => {
  const post = await postOr404(c);
  const form = await readForm(c);
  const parentId = form.parentId || null;
  const body = (parentId ? form[`body-${parentId}`] : undefined) ?? form.body ?? '';
  try {
    const comment = await addComment(c.get('ctx'), viewerOrThrow(c), post.id, { body, parentId });
    setFlash(c, {
      kind: 'success',
      message: comment.held
        ? 'Thanks! As you are new here, your comment will show once the author approves it.'
        : 'Your comment is posted.',
    });
    return c.redirect(`${postPath(post)}#comment-${comment.id}`, 303);
  } catch (error) {
    if (!(error instanceof AppError) || !['bad_input', 'unprocessable', 'too_many_requests'].includes(error.code)) throw error;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return renderPost(c, post, { value: body, error: error.fields?.body ?? error.fields?.parentId ?? error.message }, error.status);
  }
});

commentPages.get('/:id/edit', requireSignedIn, async (c) => {
  const { comment, post } = await getCommentForViewer(c.get('ctx'), c.get('viewer'), c.req.param('id'));
  return renderPage(
    c,
    'Edit your comment',
    <>
      <h1>Edit your comment on “{post.title}”</h1>
      <CommentEditForm comment={comment} />
    </>,
  );
});

commentPages.post('/:id/edit', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const { comment, post } = await getCommentForViewer(ctx, c.get('viewer'), c.req.param('id'));
  const form = await readForm(c);
  try {
    await editComment(ctx, c.get('viewer'), comment.id, { body: form.body });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'bad_input') throw error;
    return renderPage(
      c,
      'Edit your comment',
      <>
        <h1>Edit your comment on “{post.title}”</h1>
        <CommentEditForm comment={comment} value={form.body} error={error.fields?.body} />
      </>,
      { status: 400 },
    );
  }
  setFlash(c, { kind: 'success', message: 'Your comment is updated.' });
  return c.redirect(`${postPath(post)}#comment-${comment.id}`, 303);
});

commentPages.post('/:id/delete', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const { postId } = await deleteComment(ctx, c.get('viewer'), c.req.param('id'));
  const post = (await findPostById(ctx.db, postId))!;
  setFlash(c, { kind: 'success', message: 'The comment was deleted.' });
  return c.redirect(`${postPath(post)}#comments-title`, 303);
});

commentPages.post('/:id/approve', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const id = c.req.param('id');
  await approveComment(ctx, c.get('viewer'), id);
  const { post } = await getCommentForViewer(ctx, c.get('viewer'), id);
  setFlash(c, { kind: 'success', message: 'The comment now shows to everyone.' });
  return c.redirect(`${postPath(post)}#comment-${id}`, 303);
});
