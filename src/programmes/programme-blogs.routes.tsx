import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import { BULK_MAX_BYTES, BULK_MAX_ROWS, type BulkReport } from '../external-blogs/bulk.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { ParticipantBlogsPage } from './programme-blogs.views.tsx';
import { overrideExternalPost, participantBlogs, registerParticipantBlogs } from './programme-blogs.service.ts';
import { listParticipants } from './programmes.queries.ts';
import { programmeForOrganiser } from './programmes.service.ts';

/**
 * /programmes/{slug}/blogs (organisers): participants' external blogs with their health, and bulk
 * registration from CSV or OPML with a report; /programmes/{slug}/external-posts/{id}/thing: an
 * organiser's override of where a participant's external post was placed.
 */
export const programmeBlogPages = new Hono<AppEnv>();

async function showBlogs(c: Context<AppEnv>, extra: { report?: BulkReport; error?: string; status?: number } = {}) {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug')!);
  const [blogs, participants] = await Promise.all([
    participantBlogs(ctx, c.get('viewer'), programme),
    listParticipants(ctx.db, programme.id),
  ]);
  return renderPage(
    c,
    `Participants’ blogs · ${programme.title}`,
    <ParticipantBlogsPage
      programme={programme}
      blogs={blogs}
      participants={participants.length}
      maxRows={BULK_MAX_ROWS}
      maxKb={BULK_MAX_BYTES / 1024}
      report={extra.report}
      error={extra.error}
    />,
    { status: extra.status ?? 200 },
  );
}

programmeBlogPages.get('/:slug/blogs', requireSignedIn, (c) => showBlogs(c));

programmeBlogPages.post('/:slug/blogs', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) return showBlogs(c, { error: 'Choose a CSV or OPML file to upload.', status: 400 });
  if (file.size > BULK_MAX_BYTES) return showBlogs(c, { error: `Choose a file under ${BULK_MAX_BYTES / 1024} KB.`, status: 413 });
  try {
    const report = await registerParticipantBlogs(ctx, c.get('viewer'), programme, { text: await file.text(), name: file.name });
    return showBlogs(c, { report });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'forbidden' || error.code === 'not_found') throw error;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return showBlogs(c, { error: error.fields?.file ?? error.message, status: error.status });
  }
});

/** The Thing page's organiser form: `thing` is a Thing number, or empty to unassign. */
programmeBlogPages.post('/:slug/external-posts/:id/thing', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  const form = await readForm(c);
  const back = /^\d+$/.test(form.from ?? '') ? `/programmes/${programme.slug}/things/${form.from}` : `/programmes/${programme.slug}`;
  const number = form.thing?.trim() ? Number(form.thing) : null;
  if (number !== null && !Number.isInteger(number))
    throw new AppError('bad_input', 'Choose a Thing.', { fields: { thing: 'Choose a Thing.' } });
  try {
    const post = await overrideExternalPost(ctx, c.get('viewer'), programme, c.req.param('id'), number);
    setFlash(c, {
      kind: 'success',
      message:
        number === null
          ? `“${post.title}” no longer answers a Thing; it waits in its author’s inbox.`
          : `“${post.title}” now answers Thing ${number}.`,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'unprocessable') throw error;
    setFlash(c, { kind: 'error', message: error.message });
  }
  return c.redirect(back, 303);
});
