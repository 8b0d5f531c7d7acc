import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { canCreateProgramme } from './programmes.policy.ts';
import { programmeForOrganiser, programmeForViewer } from './programmes.service.ts';
import { carryOver, exportProgramme, importProgramme, runAgain } from './runs.service.ts';
import { ImportForm, RunAgainForm } from './runs.views.tsx';

/** /programmes/import, /programmes/{slug}/export.json, /run-again and /carry-over. */
export const runPages = new Hono<AppEnv>();

function failure(error: unknown) {
  if (!(error instanceof AppError) || (error.code !== 'bad_input' && error.code !== 'conflict')) throw error;
  return { status: error.status, fields: error.fields, message: error.message };
}

runPages.get('/import', requireSignedIn, (c) => {
  if (!canCreateProgramme(c.get('viewer'))) throw new AppError('forbidden', 'Only organisers can import programmes.');
  return renderPage(c, 'Import a programme', <ImportForm />);
});

runPages.post('/import', requireSignedIn, async (c) => {
  const values = await readForm(c);
  try {
    const p = await importProgramme(c.get('ctx'), c.get('viewer'), values.file ?? '', {
      slug: values.slug?.trim(),
      startsOn: values.startsOn?.trim(),
    });
    setFlash(c, { kind: 'success', message: `${p.title} is imported with ${p.things.length} Things.` });
    return c.redirect(`/programmes/${p.slug}`, 303);
  } catch (error) {
    const f = failure(error);
    return renderPage(c, 'Import a programme', <ImportForm values={values} fields={f.fields} message={f.message} />, { status: f.status });
  }
});

runPages.get('/:slug/export.json', async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  return c.body(JSON.stringify(exportProgramme(programme), null, 2), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${programme.slug}.json"`,
  });
});

runPages.get('/:slug/run-again', requireSignedIn, async (c) => {
  const p = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  return renderPage(c, `Run ${p.title} again`, <RunAgainForm slug={p.slug} title={p.title} />);
});

runPages.post('/:slug/run-again', requireSignedIn, async (c) => {
  const p = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const values = await readForm(c);
  try {
    const next = await runAgain(c.get('ctx'), c.get('viewer'), p, values);
    setFlash(c, { kind: 'success', message: `${next.title} starts on ${next.startsOn}.` });
    return c.redirect(`/programmes/${next.slug}`, 303);
  } catch (error) {
    const f = failure(error);
    return renderPage(
      c,
      `Run ${p.title} again`,
      <RunAgainForm slug={p.slug} title={p.title} values={values} fields={f.fields} message={f.message} />,
      { status: f.status },
    );
  }
});

runPages.post('/:slug/carry-over', requireSignedIn, async (c) => {
  const p = await programmeForViewer(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const carried = await carryOver(c.get('ctx'), c.get('viewer')!, p);
  setFlash(c, {
    kind: 'success',
    message: carried.length ? `Carried over: Things ${carried.join(', ')}.` : 'There was nothing to carry over.',
  });
  return c.redirect(`/programmes/${p.slug}`, 303);
});
