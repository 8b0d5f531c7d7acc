import { Hono, type Context } from 'hono';
import { defineCache, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { EncodedFragment, renderPage } from '../ui/layout.tsx';
import {
  cohortCsv,
  cohortSnapshot,
  filterRows,
  isCohortFilter,
  listNudges,
  sendNudge,
  type CohortFilter,
  type CohortSnapshot,
} from './cohort.service.ts';
import { CohortMatrix, CohortPage, type CohortPageProps } from './cohort.views.tsx';
import { listParticipants, type Participant, type Programme } from './programmes.queries.ts';
import { approveEnrolment, programmeForOrganiser, shapeOf } from './programmes.service.ts';

/** /programmes/{slug}/cohort, cohort.csv, nudges, approvals: the organisers' view. */
export const cohortPages = new Hono<AppEnv>();

const PAGE_SIZE = 50;

/**
 * The rendered table for each snapshot, filter, search and page (50 rows × 23 Things is ~3,500
 * elements, most of a view's CPU, the same for every organiser), dropped with the snapshot.
 */
const matrices = defineCache<EncodedFragment>({ name: 'cohort-matrices', ttlMs: 5 * 60_000, maxEntries: 200 });

/** Pending enrolments and the nudge log change only with a write: kept until one (two fewer reads a view). */
const keptSideLists = defineCache<{ pending: Participant[]; nudges: Awaited<ReturnType<typeof listNudges>> }>({
  name: 'cohort-side-lists',
  ttlMs: 5_000,
  maxEntries: 200,
});

async function cohortMatrix(
  ctx: AppContext,
  programme: Programme,
  snapshot: CohortSnapshot,
  filter: CohortFilter,
  q: string,
  requestedPage: number,
): Promise<EncodedFragment> {
  const kept = ctx.cache.use(matrices);
  const key = `${snapshot.serial}\n${filter}\n${q}\n${requestedPage}`;
  let matrix = kept.get(key);
  if (!matrix) {
    const rows = filterRows(snapshot.rows, filter, q);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(pages, requestedPage);
    const table = (
      <CohortMatrix
        programme={programme}
        things={shapeOf(programme).things}
        rows={rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)}
        total={rows.length}
        filter={filter}
        q={q}
        page={page}
        pages={pages}
      />
    );
    matrix = new EncodedFragment(String(await table.toString()));
    kept.set(key, matrix, [tags.programme(programme.id)]);
  }
  return matrix;
}

async function showCohort(c: Context<AppEnv>, nudge?: CohortPageProps['nudge'], status = 200) {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug')!);
  const filter = isCohortFilter(c.req.query('filter')) ? (c.req.query('filter') as CohortFilter) : 'all';
  const q = (c.req.query('q') ?? '').slice(0, 100);
  const snapshot = await cohortSnapshot(ctx, programme);
  const matrix = await cohortMatrix(ctx, programme, snapshot, filter, q, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const { pending, nudges } = await ctx.cache.use(keptSideLists).remember(programme.id, [tags.programme(programme.id)], async () => {
    const [pending, nudges] = await Promise.all([listParticipants(ctx.db, programme.id, 'pending'), listNudges(ctx, programme)]);
    return { pending, nudges };
  });
  return renderPage(
    c,
    `Cohort · ${programme.title}`,
    <CohortPage
      programme={programme}
      filter={filter}
      q={q}
      matrix={matrix.placeholder}
      chart={snapshot.chart}
      onTrack={snapshot.onTrack}
      pending={pending}
      nudges={nudges}
      nudge={nudge}
    />,
    { status, fragments: [matrix] },
  );
}

cohortPages.get('/:slug/cohort', (c) => showCohort(c));

cohortPages.get('/:slug/cohort.csv', async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  const csv = cohortCsv(programme, (await cohortSnapshot(ctx, programme)).rows);
  return c.body(csv, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${programme.slug}-cohort.csv"`,
    'cache-control': 'private, no-store',
  });
});

cohortPages.post('/:slug/nudges', async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  const values = await readForm(c);
  try {
    const { recipients } = await sendNudge(ctx, c.get('viewer'), programme, values);
    setFlash(c, { kind: 'success', message: `Your nudge went to ${recipients} ${recipients === 1 ? 'participant' : 'participants'}.` });
    return c.redirect(`/programmes/${programme.slug}/cohort`, 303);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'forbidden' || error.code === 'not_found') throw error;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
    return showCohort(c, { values, fields: error.fields, message: error.message }, error.status);
  }
});

cohortPages.post('/:slug/enrolments/:userId/approval', async (c) => {
  const ctx = c.get('ctx');
  const programme = await programmeForOrganiser(ctx, c.get('viewer'), c.req.param('slug'));
  await approveEnrolment(ctx, c.get('viewer'), programme, c.req.param('userId'));
  setFlash(c, { kind: 'success', message: 'The participant is enrolled.' });
  return c.redirect(`/programmes/${programme.slug}/cohort`, 303);
});
