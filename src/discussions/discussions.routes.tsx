import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { approveComment, deleteComment, editComment, getCommentForViewer } from './discussions.service.ts';
import { CommentEditForm } from './discussions.views.tsx';

/** /comments/{id}/edit|delete|approve, whatever the comment is on. (Writing one is the subject's page's.) */
export const commentPages = new Hono<AppEnv>();

commentPages.get('/:id/edit', requireSignedIn, async (c) => {
  const { comment, subject } = await getCommentForViewer(c.get('ctx'), c.get('viewer'), c.req.param('id'));
  return renderPage(
    c,
    'Edit your comment',
    <>
      <h1>Edit your comment on “{subject.title}”</h1>
      <CommentEditForm comment={comment} />
    </>,
  );
});

commentPages.post('/:id/edit', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const { comment, subject } = await getCommentForViewer(ctx, c.get('viewer'), c.req.param('id'));
  const form = await readForm(c);
  try {
    await editComment(ctx, c.get('viewer'), comment.id, { body: form.body });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'bad_input') throw error;
    return renderPage(
      c,
      'Edit your comment',
      <>
        <h1>Edit your comment on “{subject.title}”</h1>
        <CommentEditForm comment={comment} value={form.body} error={error.fields?.body} />
      </>,
      { status: 400 },
    );
  }
  setFlash(c, { kind: 'success', message: 'Your comment is updated.' });
  return c.redirect(`${subject.url}#comment-${comment.id}`, 303);
});

commentPages.post('/:id/delete', requireSignedIn, async (c) => {
  const { subject } = await deleteComment(c.get('ctx'), c.get('viewer'), c.req.param('id'));
  setFlash(c, { kind: 'success', message: 'The comment was deleted.' });
  return c.redirect(`${subject.url}#comments-title`, 303);
});

commentPages.post('/:id/approve', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const id = c.req.param('id');
  await approveComment(ctx, c.get('viewer'), id);
  const { subject } = await getCommentForViewer(ctx, c.get('viewer'), id);
  setFlash(c, { kind: 'success', message: 'The comment now shows to everyone.' });
  return c.redirect(`${subject.url}#comment-${id}`, 303);
});
