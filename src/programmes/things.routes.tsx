import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { renderMarkdown } from '../markup/markdown.ts';
import { pageShows, requireSignedIn } from '../ui/request.ts';
import { tags } from '../cache/index.ts';
import { FeedHead } from '../ui/components.tsx';
import { markDone } from './completions.service.ts';
import { canManageProgramme, canSeePost } from './programmes.policy.ts';
import { countParticipants, findEnrolment, listThingCompletions, type Programme, type Thing } from './programmes.queries.ts';
import { parseTagList } from './programmes.schemas.ts';
import { addThing, programmeForOrganiser, programmeForViewer, publishThing, thingByNumber, updateThing } from './programmes.service.ts';
import { ThingForm, ThingPage } from './things.views.tsx';

/** /programmes/{slug}/things/…: a Thing's page, adding and editing Things, marking them done by hand. */
export const thingPages = new Hono<AppEnv>();

const POSTS_PER_PAGE = 50;

const thingFrom = (v: Record<string, string>) => ({
  number: v.number ?? '',
  title: v.title ?? '',
  week: v.week ?? '',
  brief: v.brief ?? '',
  tags: parseTagList(v.tags ?? ''),
  suggestedBy: v.suggestedBy?.trim() || null,
  required: v.required === 'on',
  published: v.published === 'on',
});

function formFailure(error: unknown) {
  if (!(error instanceof AppError) || (error.code !== 'bad_input' && error.code !== 'conflict')) throw error;
  return { status: error.status, message: error.message, fields: error.fields };
}

const numberParam = (c: Context<AppEnv>) => {
  const n = Number(c.req.param('number'));
  if (!Number.isInteger(n) || n < 1) throw new AppError('not_found', 'There is no such Thing.');
  return n;
};

thingPages.get('/:slug/things/new', requireSignedIn, async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const nextNumber = Math.max(0, ...programme.things.map((t) => t.number)) + 1;
  return renderPage(
    c,
    'Add a Thing',
    <ThingForm
      programme={programme}
      action={`/programmes/${programme.slug}/things`}
      editing={false}
      values={{ number: String(nextNumber) }}
    />,
  );
});

thingPages.post('/:slug/things', requireSignedIn, async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const values = await readForm(c);
  try {
    const thing = await addThing(c.get('ctx'), c.get('viewer'), programme, thingFrom(values));
    setFlash(c, { kind: 'success', message: `Thing ${thing.number} is ${thing.published ? 'published' : 'saved as a draft'}.` });
    return c.redirect(`/programmes/${programme.slug}/things/${thing.number}`, 303);
  } catch (error) {
    const f = formFailure(error);
    return renderPage(
      c,
      'Add a Thing',
      <ThingForm
        programme={programme}
        action={`/programmes/${programme.slug}/things`}
        editing={false}
        values={values}
        fields={f.fields}
        message={f.message}
      />,
      { status: f.status },
    );
  }
});

async function showThing(
  c: Context<AppEnv>,
  programme: Programme,
  thing: Thing,
  form?: { values: Record<string, string>; fields?: Readonly<Record<string, string>> | undefined; message?: string; status: number },
) {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer');
  const [rows, participants, enrolment] = await Promise.all([
    listThingCompletions(ctx.db, thing.id),
    countParticipants(ctx.db, programme.id),
    viewer ? findEnrolment(ctx.db, programme.id, viewer.id) : undefined,
  ]);
  // Its answers are copied into completions, whose every write names the programme and the Thing.
  pageShows(c, tags.programme(programme.id), tags.thing(thing.id));
  const readable = rows
    .filter((r) => r.source !== 'manual' && canSeePost(viewer, { visibility: r.visibility, userId: r.user_id }))
    .map((r) => ({
      id: r.id,
      postId: r.post_id,
      handle: r.handle,
      displayName: r.display_name,
      title: r.post_title ?? 'Untitled post',
      url: r.post_url ?? '#',
      excerpt: r.excerpt ?? '',
      publishedAt: r.completed_at,
      external: r.source === 'external',
    }));
  const pages = Math.max(1, Math.ceil(readable.length / POSTS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const canManage = canManageProgramme(viewer, programme);
  const enrolled = enrolment?.status === 'active';
  const manual = canManage
    ? rows
        .filter((r) => r.source === 'manual')
        .map((r) => ({ handle: r.handle, displayName: r.display_name, note: r.note ?? '', at: r.completed_at }))
    : [];
  return renderPage(
    c,
    `Thing ${thing.number}: ${thing.title}`,
    <ThingPage
      programme={programme}
      thing={thing}
      briefHtml={renderMarkdown(thing.brief, { topHeading: 3 })}
      posts={readable.slice((page - 1) * POSTS_PER_PAGE, page * POSTS_PER_PAGE)}
      readableCount={readable.length}
      offset={(page - 1) * POSTS_PER_PAGE}
      page={page}
      pages={pages}
      doneCount={new Set(rows.map((r) => r.user_id)).size}
      participants={participants}
      manual={manual}
      canManage={canManage}
      enrolled={enrolled}
      otherThings={programme.things.filter((t) => t.published && t.id !== thing.id).map((t) => ({ number: t.number, title: t.title }))}
      values={form?.values}
      fields={form?.fields}
      message={form?.message}
    />,
    {
      status: form?.status ?? 200,
      head: <FeedHead base={`/programmes/${programme.slug}/things/${thing.number}/feed`} title={`Posts for Thing ${thing.number}`} />,
    },
  );
}

thingPages.get('/:slug/things/:number', async (c) => {
  const programme = await programmeForViewer(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  return showThing(c, programme, thingByNumber(c.get('viewer'), programme, numberParam(c)));
});

thingPages.post('/:slug/things/:number/completions', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  const thing = thingByNumber(c.get('viewer'), programme, numberParam(c));
  const values = await readForm(c);
  try {
    await markDone(ctx, c.get('viewer'), programme, thing.number, values);
    setFlash(c, { kind: 'success', message: `Thing ${thing.number} is marked done for @${values.handle?.trim().replace(/^@/, '')}.` });
    return c.redirect(`/programmes/${programme.slug}/things/${thing.number}`, 303);
  } catch (error) {
    const f = formFailure(error);
    return showThing(c, programme, thing, { values, fields: f.fields, message: f.message, status: f.status });
  }
});

thingPages.get('/:slug/things/:number/edit', requireSignedIn, async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const thing = thingByNumber(c.get('viewer'), programme, numberParam(c));
  const values = {
    number: String(thing.number),
    title: thing.title,
    week: String(thing.week),
    brief: thing.brief,
    tags: thing.tags.join(', '),
    suggestedBy: thing.suggestedBy ?? '',
    required: thing.required ? 'on' : 'off',
    published: thing.published ? 'on' : 'off',
  };
  return renderPage(
    c,
    `Edit Thing ${thing.number}`,
    <ThingForm programme={programme} action={`/programmes/${programme.slug}/things/${thing.number}/edit`} editing values={values} />,
  );
});

thingPages.post('/:slug/things/:number/edit', requireSignedIn, async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const thing = thingByNumber(c.get('viewer'), programme, numberParam(c));
  const values = await readForm(c);
  const kept = { ...values, required: values.required ?? 'off', published: values.published ?? 'off' };
  try {
    await updateThing(c.get('ctx'), c.get('viewer'), programme, thing, thingFrom(values));
    setFlash(c, { kind: 'success', message: 'The Thing is saved.' });
    return c.redirect(`/programmes/${programme.slug}/things/${values.number}`, 303);
  } catch (error) {
    const f = formFailure(error);
    return renderPage(
      c,
      `Edit Thing ${thing.number}`,
      <ThingForm
        programme={programme}
        action={`/programmes/${programme.slug}/things/${thing.number}/edit`}
        editing
        values={kept}
        fields={f.fields}
        message={f.message}
      />,
      { status: f.status },
    );
  }
});

thingPages.post('/:slug/things/:number/publish', requireSignedIn, async (c) => {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  const thing = thingByNumber(c.get('viewer'), programme, numberParam(c));
  await publishThing(c.get('ctx'), c.get('viewer'), programme, thing);
  setFlash(c, { kind: 'success', message: `Thing ${thing.number} is published.` });
  return c.redirect(`/programmes/${programme.slug}/things/${thing.number}`, 303);
});
