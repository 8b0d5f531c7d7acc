import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { inputProblem, readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { renderMarkdown } from '../markup/markdown.ts';
import { pageShows, requireSignedIn } from '../ui/request.ts';
import { tags } from '../cache/index.ts';
import { personalCalendar, programmeCalendar } from './calendar.ts';
import { credentialOf } from './credentials.queries.ts';
import { canCreateProgramme, canManageProgramme } from './programmes.policy.ts';
import { findEnrolment, findEnrolmentByCalendarToken, findProgrammeById, countParticipants } from './programmes.queries.ts';
import { parseWeekList } from './programmes.schemas.ts';
import {
  createProgramme,
  enrol,
  leave,
  listProgrammes,
  programmeForOrganiser,
  programmeForViewer,
  progressOf,
  updateProgramme,
  visibleThings,
} from './programmes.service.ts';
import { ProgrammeForm, ProgrammeHead, ProgrammeList, ProgrammePage } from './programmes.views.tsx';
import { carryableThings } from './runs.service.ts';

/** /programmes: the list, creating and editing, a programme's page, enrolment, calendars. */
export const programmePages = new Hono<AppEnv>();

const detailsFrom = (v: Record<string, string>) => ({
  slug: v.slug ?? '',
  title: v.title ?? '',
  description: v.description ?? '',
  startsOn: v.startsOn ?? '',
  catchUpWeeks: parseWeekList(v.catchUpWeeks ?? ''),
  enrolment: v.enrolment,
  visibility: v.visibility,
});

programmePages.get('/', async (c) => {
  const rows = await listProgrammes(c.get('ctx'), c.get('viewer'));
  return renderPage(c, 'Programmes', <ProgrammeList rows={rows} canCreate={canCreateProgramme(c.get('viewer'))} />);
});

programmePages.get('/new', requireSignedIn, (c) => {
  if (!canCreateProgramme(c.get('viewer'))) throw new AppError('forbidden', 'Only organisers can create programmes.');
  return renderPage(c, 'New programme', <ProgrammeForm action="/programmes" editing={false} />);
});

programmePages.post('/', requireSignedIn, async (c) => {
  const values = await readForm(c);
  try {
    const programme = await createProgramme(c.get('ctx'), c.get('viewer'), { ...detailsFrom(values), things: [] });
    setFlash(c, { kind: 'success', message: `${programme.title} is created. Now add its Things.` });
    return c.redirect(`/programmes/${programme.slug}`, 303);
  } catch (error) {
    const f = inputProblem(error);
    return renderPage(
      c,
      'New programme',
      <ProgrammeForm action="/programmes" editing={false} values={values} fields={f.fields} message={f.message} />,
      { status: f.status },
    );
  }
});

programmePages.get('/:slug', async (c) => {
  const ctx = c.get('ctx');
  const viewer = c.get('viewer');
  const programme = await programmeForViewer(ctx, viewer, c.req.param('slug'));
  pageShows(c, tags.programme(programme.id));
  const enrolment = viewer ? await findEnrolment(ctx.db, programme.id, viewer.id) : undefined;
  const progress = enrolment?.status === 'active' ? await progressOf(ctx, programme, viewer!.id) : undefined;
  const credential = viewer && progress ? await credentialOf(ctx.db, programme.id, viewer.id) : undefined;
  const canManage = canManageProgramme(viewer, programme);
  const invite = c.req.query('invite');
  const carry = viewer ? await carryableThings(ctx, programme, viewer.id) : undefined;
  return renderPage(
    c,
    programme.title,
    <ProgrammePage
      programme={programme}
      things={visibleThings(viewer, programme)}
      descriptionHtml={renderMarkdown(programme.description, { topHeading: 2 })}
      now={ctx.clock.now().toISOString()}
      signedIn={!!viewer}
      enrolment={
        enrolment && { status: enrolment.status, calendarUrl: `/programmes/${programme.slug}/calendar/${enrolment.calendar_token}.ics` }
      }
      progress={progress}
      credentialId={credential && !credential.revoked_at ? credential.id : undefined}
      canManage={canManage}
      inviteCode={programme.enrolment === 'invite' ? invite : undefined}
      inviteUrl={
        canManage && programme.enrolment === 'invite'
          ? `${ctx.config.baseUrl}/programmes/${programme.slug}?invite=${programme.inviteCode}`
          : undefined
      }
      participants={await countParticipants(ctx.db, programme.id)}
      carry={carry && { previousTitle: carry.previous.title, numbers: carry.numbers }}
    />,
    {
      head: <ProgrammeHead programme={programme} />,
    },
  );
});

async function showEdit(c: Context<AppEnv>, values?: Record<string, string>, f?: ReturnType<typeof inputProblem>) {
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug')!);
  const current = values ?? {
    title: programme.title,
    description: programme.description,
    startsOn: programme.startsOn,
    catchUpWeeks: programme.catchUpWeeks.join(', '),
    enrolment: programme.enrolment,
    visibility: programme.visibility,
  };
  return renderPage(
    c,
    `Edit ${programme.title}`,
    <ProgrammeForm action={`/programmes/${programme.slug}/edit`} editing values={current} fields={f?.fields} message={f?.message} />,
    { status: f?.status ?? 200 },
  );
}

programmePages.get('/:slug/edit', requireSignedIn, (c) => showEdit(c));

programmePages.post('/:slug/edit', requireSignedIn, async (c) => {
  const values = await readForm(c);
  const programme = await programmeForOrganiser(c.get('ctx'), c.get('viewer'), c.req.param('slug'));
  try {
    await updateProgramme(c.get('ctx'), c.get('viewer'), programme, detailsFrom(values));
    setFlash(c, { kind: 'success', message: 'The programme is saved.' });
    return c.redirect(`/programmes/${programme.slug}`, 303);
  } catch (error) {
    return showEdit(c, values, inputProblem(error));
  }
});

programmePages.post('/:slug/enrolment', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
  const form = await readForm(c);
  const result = await enrol(ctx, c.get('viewer'), programme, form.invite);
  setFlash(c, {
    kind: 'success',
    message:
      result.status === 'pending' ? 'Your request to enrol is sent to the organisers.' : `You are enrolled in ${programme.title}. Welcome!`,
  });
  return c.redirect(`/programmes/${programme.slug}`, 303);
});

programmePages.post('/:slug/leave', requireSignedIn, async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
  await leave(ctx, c.get('viewer')!, programme);
  setFlash(c, { kind: 'info', message: `You left ${programme.title}. What you completed is kept if you come back.` });
  return c.redirect(`/programmes/${programme.slug}`, 303);
});

programmePages.get('/:slug/calendar.ics', async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForViewer(ctx, c.get('viewer'), c.req.param('slug'));
  const body = programmeCalendar(
    ctx,
    programme,
    programme.things.filter((t) => t.published),
  );
  return c.body(body, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `inline; filename="${programme.slug}.ics"`,
  });
});

/** The private feed of one member's own due dates: the unguessable token in the address is the key. */
programmePages.get('/:slug/calendar/:file', async (c) => {
  const ctx = c.get('ctx');
  const token = c.req.param('file').replace(/\.ics$/, '');
  const enrolment = await findEnrolmentByCalendarToken(ctx.db, token);
  const programme = enrolment && (await findProgrammeById(ctx, enrolment.programme_id));
  if (!enrolment || !programme || programme.slug !== c.req.param('slug')) throw new AppError('not_found', 'There is no such calendar.');
  const progress = await progressOf(ctx, programme, enrolment.user_id);
  const done = new Set(progress.done);
  const body = personalCalendar(
    ctx,
    programme,
    programme.things.filter((t) => t.published && t.required && !done.has(t.number)),
  );
  return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-store' });
});
