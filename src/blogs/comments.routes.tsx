import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { requireSignedIn, viewerOrThrow } from '../ui/request.ts';
import { addComment } from './comments.service.ts';
import { postOr404, renderPost } from './posts.routes.tsx';
import { postPath } from './posts.views.tsx';

/** POST /@{handle}/{slug}/comments: comment or reply on a post. (Edit, delete, approve: discussions.routes.tsx.) */
export const postCommentPages = new Hono<AppEnv>();

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
