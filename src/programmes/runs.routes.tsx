import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import { ErrorSummary, Field, TextArea } from '../ui/components.tsx';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { inputProblem, readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { canCreateProgramme } from './programmes.policy.ts';
import { programmeForOrganiser, programmeForViewer } from './programmes.service.ts';
import { carryOver, exportProgramme, importProgramme, runAgain } from './runs.service.ts';

/** /programmes/import, /programmes/{slug}/export.json, /run-again and /carry-over. */
export const runPages = new Hono<AppEnv>();

type FormState = { values?: Record<string, string>; fields?: Readonly<Record<string, string>> | undefined; message?: string };

function ImportForm({ values = {}, fields = {}, message }: FormState) {
  return (
    <div class="narrow-wide">
      <h1>Import a programme</h1>
      <p>Paste a programme exported from Commonplace (its “Export as JSON” file). Give it a new address and start date if you like.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action="/programmes/import" novalidate>
        <TextArea name="file" label="Exported JSON" value={values.file} error={fields.file} rows={10} required />
        <Field name="slug" label="New address name (optional)" value={values.slug} error={fields.slug} />
        <Field name="startsOn" label="New start date (optional)" type="date" value={values.startsOn} error={fields.startsOn} />
        <button type="submit">Import</button>
      </form>
    </div>
  );
}

function RunAgainForm({ slug, title, values = {}, fields = {}, message }: FormState & { slug: string; title: string }) {
  return (
    <div class="narrow-wide">
      <p class="breadcrumb">
        <a href={`/programmes/${slug}`}>{title}</a>
      </p>
      <h1>Run {title} again</h1>
      <p>A copy with the same Things and weeks, on new dates. Participants of this run can carry what they completed over.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={`/programmes/${slug}/run-again`} novalidate>
        <Field name="title" label="Title" value={values.title ?? title} error={fields.title} required />
        <Field name="slug" label="Address name" value={values.slug} error={fields.slug} required />
        <Field name="startsOn" label="Start date" type="date" value={values.startsOn} error={fields.startsOn} required />
        <button type="submit">Create the new run</button>
      </form>
    </div>
  );
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
    const f = inputProblem(error);
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
    const f = inputProblem(error);
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
