import { ANY_WRITE, defineCache, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { CompletionsTable, EnrolmentsTable, ProgrammesTable, ThingsTable } from '../db/schema.ts';
import { dueAt, opensAt, totalWeeks } from './schedule.ts';

/** A programme as the capability works with it (camelCase, parsed, with its Things). */
export interface Programme {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly startsOn: string;
  readonly catchUpWeeks: number[];
  readonly enrolment: ProgrammesTable['enrolment'];
  readonly inviteCode: string;
  readonly visibility: ProgrammesTable['visibility'];
  readonly previousId: string | null;
  readonly createdBy: string | null;
  /** The number of weeks, up to the last Thing or catch-up week. */
  readonly weeks: number;
  /** Every Thing, published or not, in schedule order. */
  readonly things: readonly Thing[];
}

export interface Thing {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly brief: string;
  readonly week: number;
  readonly required: boolean;
  readonly suggestedBy: string | null;
  readonly tags: string[];
  readonly published: boolean;
  readonly opensAt: string;
  readonly dueAt: string;
  readonly announcedAt: string | null;
}

export function toThing(row: ThingsTable, startsOn: string): Thing {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    brief: row.brief,
    week: row.week,
    required: row.required === 1,
    suggestedBy: row.suggested_by,
    tags: JSON.parse(row.tags) as string[],
    published: row.published === 1,
    opensAt: opensAt(startsOn, row.week).toISOString(),
    dueAt: dueAt(startsOn, row.week).toISOString(),
    announcedAt: row.announced_at,
  };
}

function toProgramme(row: ProgrammesTable, thingRows: ThingsTable[]): Programme {
  const things = thingRows.map((t) => toThing(t, row.starts_on)).sort((a, b) => a.week - b.week || a.number - b.number);
  const catchUpWeeks = (JSON.parse(row.catch_up_weeks) as number[]).sort((a, b) => a - b);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    startsOn: row.starts_on,
    catchUpWeeks,
    enrolment: row.enrolment,
    inviteCode: row.invite_code,
    visibility: row.visibility,
    previousId: row.previous_id,
    createdBy: row.created_by,
    weeks: totalWeeks({ catchUpWeeks, things }),
    things,
  };
}

// Almost every programme page and the dashboard read a programme with all its Things. A slug
// that names none yet is kept only until anything is written.
const keptProgrammes = defineCache<Programme | undefined>({ name: 'programmes', ttlMs: 5_000, maxEntries: 200 });

async function loadProgramme(db: Db, slug: string): Promise<Programme | undefined> {
  const row = await db.kysely.selectFrom('programmes').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  const things = await db.kysely.selectFrom('things').selectAll().where('programme_id', '=', row.id).execute();
  return toProgramme(row, things);
}

export function findProgrammeBySlug(ctx: Pick<AppContext, 'db' | 'cache'>, slug: string): Promise<Programme | undefined> {
  const key = slug.toLowerCase();
  return ctx.cache.use(keptProgrammes).remember(
    key,
    (p) => (p ? [tags.programme(p.id)] : [ANY_WRITE]),
    () => loadProgramme(ctx.db, key),
  );
}

export async function findProgrammeById(ctx: Pick<AppContext, 'db' | 'cache'>, id: string): Promise<Programme | undefined> {
  const row = await ctx.db.kysely.selectFrom('programmes').select('slug').where('id', '=', id).executeTakeFirst();
  return row && findProgrammeBySlug(ctx, row.slug);
}

/** Programme rows (without Things), newest start first; members-only ones only when `includeMembers`. */
export function listProgrammeRows(db: Db, includeMembers: boolean) {
  let q = db.kysely.selectFrom('programmes').selectAll();
  if (!includeMembers) q = q.where('visibility', '=', 'public');
  return q.orderBy('starts_on', 'desc').orderBy('slug').execute();
}

export function findEnrolment(db: Db, programmeId: string, userId: string): Promise<EnrolmentsTable | undefined> {
  return db.kysely
    .selectFrom('enrolments')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function findEnrolmentByCalendarToken(db: Db, token: string): Promise<EnrolmentsTable | undefined> {
  return db.kysely.selectFrom('enrolments').selectAll().where('calendar_token', '=', token).executeTakeFirst();
}

/** Thing numbers a member has completed in a programme (any source). */
export async function doneNumbers(db: Db, programmeId: string, userId: string): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('completions')
    .innerJoin('things', 'things.id', 'completions.thing_id')
    .select('things.number')
    .distinct()
    .where('completions.programme_id', '=', programmeId)
    .where('completions.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.number);
}

export interface Participant {
  readonly userId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly status: EnrolmentsTable['status'];
  readonly enrolledAt: string;
}

/** Everyone enrolled (active unless `status` says otherwise), by name. */
export async function listParticipants(db: Db, programmeId: string, status: EnrolmentsTable['status'] = 'active'): Promise<Participant[]> {
  const rows = await db.kysely
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .select(['users.id', 'users.handle', 'users.display_name', 'users.email', 'enrolments.status', 'enrolments.enrolled_at'])
    .where('enrolments.programme_id', '=', programmeId)
    .where('enrolments.status', '=', status)
    .orderBy('users.display_name')
    .orderBy('users.handle')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    handle: r.handle,
    displayName: r.display_name,
    email: r.email,
    status: r.status,
    enrolledAt: r.enrolled_at,
  }));
}

export async function countParticipants(db: Db, programmeId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('enrolments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('programme_id', '=', programmeId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every completion in a programme: for the cohort view, one query rather than one per person. */
export function listProgrammeCompletions(
  db: Db,
  programmeId: string,
): Promise<Array<Pick<CompletionsTable, 'user_id' | 'thing_id' | 'completed_at' | 'source'>>> {
  return db.kysely
    .selectFrom('completions')
    .select(['user_id', 'thing_id', 'completed_at', 'source'])
    .where('programme_id', '=', programmeId)
    .orderBy('completed_at')
    .execute();
}

/** The completions listed under a Thing, newest first, with their authors. */
export async function listThingCompletions(db: Db, thingId: string) {
  return db.kysely
    .selectFrom('completions')
    .innerJoin('users', 'users.id', 'completions.user_id')
    .select([
      'completions.id',
      'completions.user_id',
      'completions.source',
      'completions.post_id',
      'completions.post_url',
      'completions.post_title',
      'completions.excerpt',
      'completions.visibility',
      'completions.note',
      'completions.completed_at',
      'users.handle',
      'users.display_name',
    ])
    .where('completions.thing_id', '=', thingId)
    .orderBy('completions.completed_at', 'desc')
    .orderBy('completions.id', 'desc')
    .execute();
}

export async function findUserIdByHandle(
  db: Db,
  handle: string,
): Promise<{ id: string; handle: string; display_name: string; email: string } | undefined> {
  return db.kysely
    .selectFrom('users')
    .select(['id', 'handle', 'display_name', 'email'])
    .where('handle_key', '=', handle.trim().replace(/^@/, '').toLowerCase())
    .executeTakeFirst();
}

/** The published Things of every programme a member is actively enrolled in, for matching her posts. */
export async function thingsOfEnrolledProgrammes(db: Db, userId: string): Promise<Array<{ programme: string; thing: Thing }>> {
  const rows = await db.kysely
    .selectFrom('enrolments')
    .innerJoin('programmes', 'programmes.id', 'enrolments.programme_id')
    .innerJoin('things', 'things.programme_id', 'programmes.id')
    .selectAll('things')
    .select(['programmes.slug as programme_slug', 'programmes.starts_on as programme_starts_on'])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', '=', 'active')
    .where('things.published', '=', 1)
    .orderBy('programmes.slug')
    .orderBy('things.number')
    .execute();
  return rows.map(({ programme_slug, programme_starts_on, ...thing }) => ({
    programme: programme_slug,
    thing: toThing(thing, programme_starts_on),
  }));
}

/** Public posts (here or on external blogs) that answer a programme's Things, newest first. */
export function listPublicAnswers(db: Db, programmeId: string, options: { thingId?: string; limit?: number } = {}) {
  let q = db.kysely
    .selectFrom('completions')
    .innerJoin('users', 'users.id', 'completions.user_id')
    .innerJoin('things', 'things.id', 'completions.thing_id')
    .select([
      'completions.post_id',
      'completions.source',
      'completions.post_url',
      'completions.post_title',
      'completions.excerpt',
      'completions.completed_at',
      'users.handle',
      'users.display_name',
      'things.number as thing_number',
      'things.title as thing_title',
    ])
    .where('completions.programme_id', '=', programmeId)
    .where('completions.source', 'in', ['post', 'external'])
    .where('completions.visibility', '=', 'public');
  if (options.thingId) q = q.where('completions.thing_id', '=', options.thingId);
  return q
    .orderBy('completions.completed_at', 'desc')
    .limit(options.limit ?? 50)
    .execute();
}

/** Participants who answer Things with public posts written here: their blogs are part of the programme. */
export async function participantsBloggingHere(db: Db, programmeId: string): Promise<Array<{ handle: string; display_name: string }>> {
  return db.kysely
    .selectFrom('completions')
    .innerJoin('users', 'users.id', 'completions.user_id')
    .select(['users.handle', 'users.display_name'])
    .distinct()
    .where('completions.programme_id', '=', programmeId)
    .where('completions.source', '=', 'post')
    .where('completions.visibility', '=', 'public')
    .orderBy('users.handle')
    .execute();
}

/** A member's latest posts (here or external) that answer a programme's Things, newest first. */
export function listMemberAnswers(db: Db, programmeId: string, userId: string, limit = 3) {
  return db.kysely
    .selectFrom('completions')
    .innerJoin('things', 'things.id', 'completions.thing_id')
    .select([
      'completions.id',
      'completions.source',
      'completions.post_url',
      'completions.post_title',
      'completions.completed_at',
      'things.number as thing_number',
    ])
    .where('completions.programme_id', '=', programmeId)
    .where('completions.user_id', '=', userId)
    .where('completions.source', 'in', ['post', 'external'])
    .orderBy('completions.completed_at', 'desc')
    .orderBy('completions.id', 'desc')
    .limit(limit)
    .execute();
}

/** A new programme and its Things, together. */
export async function insertProgramme(db: Db, row: ProgrammesTable, things: readonly ThingsTable[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('programmes').values(row).execute();
    if (things.length > 0) await trx.insertInto('things').values(things).execute();
  });
}

export async function updateProgrammeRow(db: Db, id: string, fields: Partial<Omit<ProgrammesTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('programmes').set(fields).where('id', '=', id).execute();
}

export async function insertThing(db: Db, row: ThingsTable): Promise<void> {
  await db.kysely.insertInto('things').values(row).execute();
}

export async function updateThingRow(db: Db, id: string, fields: Partial<Omit<ThingsTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('things').set(fields).where('id', '=', id).execute();
}

export async function insertEnrolment(db: Db, row: EnrolmentsTable): Promise<void> {
  await db.kysely.insertInto('enrolments').values(row).execute();
}

export async function deleteEnrolment(db: Db, programmeId: string, userId: string): Promise<void> {
  await db.kysely.deleteFrom('enrolments').where('programme_id', '=', programmeId).where('user_id', '=', userId).execute();
}

/** Answers whether there was an enrolment to change. */
export async function setEnrolmentStatus(db: Db, programmeId: string, userId: string, status: EnrolmentsTable['status']): Promise<boolean> {
  const result = await db.kysely
    .updateTable('enrolments')
    .set({ status })
    .where('programme_id', '=', programmeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Slugs of the programmes a member takes part in (active), the latest start first. */
export async function enrolledProgrammeSlugs(db: Db, userId: string): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('enrolments')
    .innerJoin('programmes', 'programmes.id', 'enrolments.programme_id')
    .select('programmes.slug')
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', '=', 'active')
    .orderBy('programmes.starts_on', 'desc')
    .execute();
  return rows.map((r) => r.slug);
}
