import { tags } from '../cache/index.ts';
import type { Account } from '../accounts/accounts.service.ts';
import { newSecretToken } from '../accounts/secrets.ts';
import { fieldErrors } from '../accounts/accounts.schemas.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { canCreateProgramme, canManageProgramme, canSeeProgramme } from './programmes.policy.ts';
import {
  deleteEnrolment,
  doneNumbers,
  enrolledProgrammeSlugs,
  findEnrolment,
  findProgrammeBySlug,
  insertEnrolment,
  insertProgramme,
  insertThing,
  listProgrammeRows,
  setEnrolmentStatus,
  toThing,
  updateProgrammeRow,
  updateThingRow,
  type Programme,
  type Thing,
} from './programmes.queries.ts';
import { programmeDetailsSchema, programmeSchema, thingSchema, type ThingInput } from './programmes.schemas.ts';
import { catchUpPlan, standing, type PlanWeek, type Standing } from './schedule.ts';

type Viewer = Account | undefined;

function invalid(error: import('zod').ZodError): AppError {
  return new AppError('bad_input', 'Please correct the marked fields.', { fields: fieldErrors(error) });
}

/** The programme at `slug` if the viewer may know it exists; 404 otherwise. */
export async function programmeForViewer(ctx: AppContext, viewer: Viewer, slug: string): Promise<Programme> {
  const programme = await findProgrammeBySlug(ctx, slug);
  if (!programme || !canSeeProgramme(viewer, programme)) throw new AppError('not_found', 'There is no such programme.');
  return programme;
}

/** The programme if the viewer runs it; 404 if she may not know it, 403 if she may only read it. */
export async function programmeForOrganiser(ctx: AppContext, viewer: Viewer, slug: string): Promise<Programme> {
  const programme = await programmeForViewer(ctx, viewer, slug);
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  return programme;
}

/** The Things a viewer may see: drafts only for organisers. */
export function visibleThings(viewer: Viewer, programme: Programme): readonly Thing[] {
  return canManageProgramme(viewer, programme) ? programme.things : programme.things.filter((t) => t.published);
}

export async function listProgrammes(ctx: AppContext, viewer: Viewer) {
  return listProgrammeRows(ctx.db, !!viewer);
}

/** The columns a Thing's input sets, for inserts and updates alike. */
function thingColumns(t: ThingInput) {
  return {
    number: t.number,
    title: t.title,
    brief: t.brief,
    week: t.week,
    required: t.required ? 1 : 0,
    suggested_by: t.suggestedBy ?? null,
    tags: JSON.stringify([...new Set(t.tags)]),
    published: t.published ? 1 : 0,
  };
}

function thingRow(programmeId: string, t: ThingInput, now: string) {
  return { id: newId(), programme_id: programmeId, ...thingColumns(t), announced_at: null, created_at: now, updated_at: now };
}

/** Creates a programme with its Things (organisers only). The slug must be free. */
export async function createProgramme(
  ctx: AppContext,
  viewer: Viewer,
  raw: unknown,
  options: { previousId?: string } = {},
): Promise<Programme> {
  if (!viewer) throw new AppError('unauthorized', 'Please sign in.');
  if (!canCreateProgramme(viewer)) throw new AppError('forbidden', 'Only organisers can create programmes.');
  const parsed = programmeSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  if (await findProgrammeBySlug(ctx, input.slug)) {
    throw new AppError('conflict', 'Please correct the marked fields.', {
      fields: { slug: 'Another programme already uses this address.' },
    });
  }
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await insertProgramme(
    ctx.db,
    {
      id,
      slug: input.slug,
      title: input.title,
      description: input.description,
      starts_on: input.startsOn,
      catch_up_weeks: JSON.stringify([...new Set(input.catchUpWeeks)]),
      enrolment: input.enrolment,
      invite_code: newSecretToken().slice(0, 24),
      visibility: input.visibility,
      previous_id: options.previousId ?? null,
      created_by: viewer.id,
      created_at: now,
      updated_at: now,
    },
    input.things.map((t) => thingRow(id, t, now)),
  );
  return (await findProgrammeBySlug(ctx, input.slug))!;
}

/** Changes a programme's details (not its Things); the slug stays. */
export async function updateProgramme(ctx: AppContext, viewer: Viewer, programme: Programme, raw: Record<string, unknown>): Promise<void> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  const parsed = programmeDetailsSchema.safeParse({ ...raw, slug: programme.slug });
  if (!parsed.success) throw invalid(parsed.error);
  const input = parsed.data;
  const clash = programme.things.find((t) => input.catchUpWeeks.includes(t.week));
  if (clash)
    throw new AppError('bad_input', 'Please correct the marked fields.', {
      fields: { catchUpWeeks: `Week ${clash.week} holds Thing ${clash.number}; it cannot be a catch-up week.` },
    });
  await updateProgrammeRow(ctx.db, programme.id, {
    title: input.title,
    description: input.description,
    starts_on: input.startsOn,
    catch_up_weeks: JSON.stringify([...new Set(input.catchUpWeeks)]),
    enrolment: input.enrolment,
    visibility: input.visibility,
    updated_at: ctx.clock.now().toISOString(),
  });
}

function checkThing(programme: Programme, t: ThingInput, replacing?: Thing): void {
  const fields: Record<string, string> = {};
  if (programme.things.some((o) => o.number === t.number && o.id !== replacing?.id)) fields.number = `Thing ${t.number} already exists.`;
  if (programme.catchUpWeeks.includes(t.week)) fields.week = `Week ${t.week} is a catch-up week; it holds no Things.`;
  if (Object.keys(fields).length)
    throw new AppError(fields.number ? 'conflict' : 'bad_input', 'Please correct the marked fields.', { fields });
}

export async function addThing(ctx: AppContext, viewer: Viewer, programme: Programme, raw: unknown): Promise<Thing> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  const parsed = thingSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  checkThing(programme, parsed.data);
  const row = thingRow(programme.id, parsed.data, ctx.clock.now().toISOString());
  await insertThing(ctx.db, row);
  return toThing(row, programme.startsOn);
}

export async function updateThing(ctx: AppContext, viewer: Viewer, programme: Programme, thing: Thing, raw: unknown): Promise<void> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  const parsed = thingSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  checkThing(programme, parsed.data, thing);
  const t = parsed.data;
  await updateThingRow(ctx.db, thing.id, { ...thingColumns(t), updated_at: ctx.clock.now().toISOString() });
}

export async function publishThing(ctx: AppContext, viewer: Viewer, programme: Programme, thing: Thing): Promise<void> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  await updateThingRow(ctx.db, thing.id, { published: 1, updated_at: ctx.clock.now().toISOString() });
}

export function thingByNumber(viewer: Viewer, programme: Programme, number: number): Thing {
  const thing = visibleThings(viewer, programme).find((t) => t.number === number);
  if (!thing) throw new AppError('not_found', `There is no Thing ${number} in this programme.`);
  return thing;
}

/** An enrolment shows on its programme's pages (counts, cohort, pending list) and its member's dashboard. */
const enrolmentOf = (programmeId: string, userId: string) => ({
  tables: ['enrolments'],
  tags: [tags.programme(programmeId), tags.member(userId)],
});

/**
 * Enrols the viewer. Open programmes enrol at once; approval ones wait for an organiser; invite-only
 * ones need the invite code. Returns whether a new enrolment was made.
 */
export async function enrol(
  ctx: AppContext,
  viewer: Viewer,
  programme: Programme,
  inviteCode?: string,
): Promise<{ created: boolean; status: 'active' | 'pending' }> {
  if (!viewer) throw new AppError('unauthorized', 'Please sign in to enrol.');
  const existing = await findEnrolment(ctx.db, programme.id, viewer.id);
  if (existing) return { created: false, status: existing.status };
  if (programme.enrolment === 'invite' && inviteCode !== programme.inviteCode && !canManageProgramme(viewer, programme)) {
    throw new AppError('forbidden', 'This programme is by invitation: use the invite link an organiser sent you.');
  }
  const status = programme.enrolment === 'approval' && !canManageProgramme(viewer, programme) ? 'pending' : 'active';
  try {
    await ctx.cache.changing(enrolmentOf(programme.id, viewer.id), () =>
      insertEnrolment(ctx.db, {
        programme_id: programme.id,
        user_id: viewer.id,
        status,
        calendar_token: newSecretToken(),
        enrolled_at: ctx.clock.now().toISOString(),
      }),
    );
  } catch (error) {
    // A double click racing itself: the other request enrolled her.
    if (await findEnrolment(ctx.db, programme.id, viewer.id)) return { created: false, status };
    throw error;
  }
  return { created: true, status };
}

/** Leaves a programme. Completions stay, so coming back restores her standing. */
export async function leave(ctx: AppContext, viewer: Account, programme: Programme): Promise<void> {
  await ctx.cache.changing(enrolmentOf(programme.id, viewer.id), () => deleteEnrolment(ctx.db, programme.id, viewer.id));
}

export async function approveEnrolment(ctx: AppContext, viewer: Viewer, programme: Programme, userId: string): Promise<void> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  if (!(await ctx.cache.changing(enrolmentOf(programme.id, userId), () => setEnrolmentStatus(ctx.db, programme.id, userId, 'active'))))
    throw new AppError('not_found', 'That request to enrol is gone.');
}

/** The schedule shape standing is computed over: published Things only. */
export function shapeOf(programme: Programme) {
  return { startsOn: programme.startsOn, catchUpWeeks: programme.catchUpWeeks, things: programme.things.filter((t) => t.published) };
}

export interface Progress extends Standing {
  readonly plan: PlanWeek[];
}

/** A member's standing in a programme at the clock's now, with her catch-up plan. */
export async function progressOf(ctx: AppContext, programme: Programme, userId: string): Promise<Progress> {
  const now = ctx.clock.now();
  const shape = shapeOf(programme);
  const s = standing(shape, await doneNumbers(ctx.db, programme.id, userId), now);
  return { ...s, plan: catchUpPlan(shape, s, now) };
}

/** The programmes a member is enrolled in (active), for the dashboard. */
export async function enrolledProgrammes(ctx: AppContext, userId: string): Promise<Programme[]> {
  const out: Programme[] = [];
  for (const slug of await enrolledProgrammeSlugs(ctx.db, userId)) {
    const p = await findProgrammeBySlug(ctx, slug);
    if (p) out.push(p);
  }
  return out;
}
