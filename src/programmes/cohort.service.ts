import type { Account } from '../accounts/accounts.service.ts';
import { defineCache, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { notifyMany } from '../notifications/notifications.service.ts';
import { canManageProgramme } from './programmes.policy.ts';
import { listParticipants, listProgrammeCompletions, type Participant, type Programme } from './programmes.queries.ts';
import { shapeOf } from './programmes.service.ts';
import { standing, weekAt, weekStart, type Standing } from './schedule.ts';

/** The organisers' view of a cohort: who has done what, computed from the completions table. */

/** done: by its due time; late: after it; missing: a required Thing past due; open: not done, not yet due. */
export type Cell = 'done' | 'late' | 'missing' | 'open';

export interface CohortRow {
  readonly participant: Participant;
  readonly standing: Standing;
  readonly cells: ReadonlyMap<number, Cell>;
  readonly lastActivity: string | null;
}

export const cohortFilters = {
  all: 'Everyone',
  behind: 'Behind by 2 weeks or more',
  'not-started': 'Not started',
  finished: 'Finished',
} as const;
export type CohortFilter = keyof typeof cohortFilters;

export const isCohortFilter = (v: unknown): v is CohortFilter => typeof v === 'string' && v in cohortFilters;

export interface CohortSnapshot {
  /** Every active participant, by name. */
  readonly rows: readonly CohortRow[];
  /** Completions per programme week up to the current one (for the chart and its table). */
  readonly chart: readonly ChartWeek[];
  readonly onTrack: { readonly onTrack: number; readonly total: number };
  /** Tells snapshots apart, for what is rendered from one (each matrix page). */
  readonly serial: number;
}

// A cohort of thousands is read whole for a view, so a view is kept until a write in this process
// changes the programme (enrolments, completions, Things) or its week changes: standings, cells and
// the chart move with the clock only at week boundaries, when Things open and fall due. Another
// process's writes (a second app server, the import command) show within five minutes. (Rebuilding
// it every minute stalled the server once a minute on a 2,000-participant cohort on SQLite.)
const snapshots = defineCache<CohortSnapshot>({ name: 'cohort-snapshots', ttlMs: 5 * 60_000, maxEntries: 20 });
let snapshotsMade = 0;

/** Who has done what in a programme, and completions by week, from one read of each table. */
export function cohortSnapshot(ctx: AppContext, programme: Programme): Promise<CohortSnapshot> {
  const now = ctx.clock.now();
  return ctx.cache
    .use(snapshots)
    .remember(`${programme.id}|${weekAt(programme.startsOn, now)}`, [tags.programme(programme.id)], async () => {
      const [participants, completions] = await Promise.all([
        listParticipants(ctx.db, programme.id),
        listProgrammeCompletions(ctx.db, programme.id),
      ]);
      const rows = rowsOf(programme, participants, completions, now);
      return { rows, chart: weeksOf(programme, completions, now), onTrack: onTrackShare(rows), serial: ++snapshotsMade };
    });
}

type CompletionFacts = Awaited<ReturnType<typeof listProgrammeCompletions>>;

function rowsOf(programme: Programme, participants: readonly Participant[], completions: CompletionFacts, now: Date): CohortRow[] {
  const shape = shapeOf(programme);
  const nowIso = now.toISOString();
  const thingById = new Map(shape.things.map((t) => [t.id, t]));
  const byUser = new Map<string, Map<number, string>>(); // earliest completion per Thing
  for (const c of completions) {
    const thing = thingById.get(c.thing_id);
    if (!thing) continue;
    let mine = byUser.get(c.user_id);
    if (!mine) byUser.set(c.user_id, (mine = new Map<number, string>()));
    if (!mine.has(thing.number)) mine.set(thing.number, c.completed_at);
  }
  return participants.map((participant) => {
    const mine = byUser.get(participant.userId) ?? new Map<number, string>();
    const cells = new Map<number, Cell>();
    let last: string | null = null;
    for (const t of shape.things) {
      const at = mine.get(t.number);
      if (at) {
        cells.set(t.number, at <= t.dueAt ? 'done' : 'late');
        if (!last || at > last) last = at;
      } else cells.set(t.number, t.required && t.dueAt <= nowIso ? 'missing' : 'open');
    }
    return { participant, standing: standing(shape, mine.keys(), now), cells, lastActivity: last };
  });
}

function weeksOf(programme: Programme, completions: CompletionFacts, now: Date): ChartWeek[] {
  const last = Math.min(Math.max(weekAt(programme.startsOn, now), 1), Math.max(programme.weeks, 1));
  const counts = new Array<number>(last + 1).fill(0);
  for (const c of completions) {
    const w = Math.min(Math.max(weekAt(programme.startsOn, new Date(c.completed_at)), 1), last);
    counts[w]! += 1;
  }
  let total = 0;
  const out: ChartWeek[] = [];
  for (let w = 1; w <= last; w++) {
    total += counts[w]!;
    out.push({
      week: w,
      startsOn: weekStart(programme.startsOn, w).toISOString().slice(0, 10),
      completions: counts[w]!,
      cumulative: total,
    });
  }
  return out;
}

export function filterRows(rows: readonly CohortRow[], filter: CohortFilter, q: string): CohortRow[] {
  const needle = q.trim().toLowerCase().replace(/^@/, '');
  return rows.filter((r) => {
    if (needle && !r.participant.displayName.toLowerCase().includes(needle) && !r.participant.handle.includes(needle)) return false;
    if (filter === 'behind') return r.standing.weeksBehind >= 2;
    if (filter === 'not-started') return r.standing.done.length === 0;
    if (filter === 'finished') return r.standing.status === 'finished';
    return true;
  });
}

export interface ChartWeek {
  readonly week: number;
  readonly startsOn: string;
  readonly completions: number;
  readonly cumulative: number;
}

/** The share of participants owing nothing (on track, ahead, finished or not yet started with nothing due). */
export function onTrackShare(rows: readonly CohortRow[]): { onTrack: number; total: number } {
  return { onTrack: rows.filter((r) => r.standing.weeksBehind === 0).length, total: rows.length };
}

const cellText: Record<Cell, string> = { done: 'done', late: 'late', missing: 'missing', open: '' };

/** A CSV field, quoted, and defused against spreadsheet formula injection. */
function csvField(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== String(value) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per participant, one column per published Thing (done / late / missing / empty). */
export function cohortCsv(programme: Programme, rows: readonly CohortRow[]): string {
  const things = shapeOf(programme).things;
  const header = ['handle', 'name', 'status', 'weeks_behind', 'required_done', ...things.map((t) => `thing_${t.number}`)];
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.participant.handle,
        r.participant.displayName,
        r.standing.status,
        r.standing.weeksBehind,
        r.standing.requiredDone,
        ...things.map((t) => cellText[r.cells.get(t.number) ?? 'open']),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const NUDGE_RULE = { limit: 3, windowMs: 60 * 60_000 };

/** Fills a nudge template's {name}, {programme}, {weeksBehind}, {next} and {link} for one person. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(name|programme|weeksBehind|next|link)\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * Sends a templated message to a filtered group (in-site, and email as each member's settings for
 * "nudge" allow); at most three nudges per programme an hour; each one is logged.
 */
export async function sendNudge(
  ctx: AppContext,
  viewer: Account | undefined,
  programme: Programme,
  input: { filter?: string; subject?: string; body?: string },
): Promise<{ recipients: number }> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can send nudges.');
  const fields: Record<string, string> = {};
  const subject = (input.subject ?? '').trim();
  const body = (input.body ?? '').trim();
  if (!isCohortFilter(input.filter)) fields.filter = 'Choose who gets the message.';
  if (!subject) fields.subject = 'Write a subject.';
  else if (subject.length > 150) fields.subject = 'Keep the subject under 150 characters.';
  if (!body) fields.body = 'Write the message.';
  else if (body.length > 5000) fields.body = 'Keep the message under 5,000 characters.';
  if (Object.keys(fields).length) throw new AppError('bad_input', 'Please correct the marked fields.', { fields });
  const filter = input.filter as CohortFilter;
  const rows = filterRows((await cohortSnapshot(ctx, programme)).rows, filter, '');
  if (rows.length === 0) throw new AppError('unprocessable', 'Nobody is in that group right now; no message was sent.');
  const wait = ctx.limiter.consume(`nudge:${programme.id}`, NUDGE_RULE);
  if (wait) throw tooManyRequests(wait);

  const link = `${ctx.config.baseUrl}/programmes/${programme.slug}`;
  const titleOf = new Map(programme.things.map((t) => [t.number, t.title]));
  await notifyMany(
    ctx,
    rows.map((r) => {
      const values = {
        name: r.participant.displayName,
        programme: programme.title,
        weeksBehind: String(r.standing.weeksBehind),
        next: r.standing.next ? `Thing ${r.standing.next}: ${titleOf.get(r.standing.next) ?? ''}` : 'nothing — you are done',
        link,
      };
      return {
        userId: r.participant.userId,
        kind: 'nudge',
        text: `${programme.title}: ${fillTemplate(subject, values)}`,
        url: `/programmes/${programme.slug}`,
        email: { subject: fillTemplate(subject, values), text: fillTemplate(body, values) },
      };
    }),
  );
  await ctx.db.kysely
    .insertInto('nudges')
    .values({
      id: newId(),
      programme_id: programme.id,
      sent_by: viewer!.id,
      filter,
      subject,
      body,
      recipients: rows.length,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
  ctx.log.info({ programme: programme.slug, filter, recipients: rows.length }, 'nudge sent');
  return { recipients: rows.length };
}

export function listNudges(ctx: AppContext, programme: Programme) {
  return ctx.db.kysely
    .selectFrom('nudges')
    .leftJoin('users', 'users.id', 'nudges.sent_by')
    .select(['nudges.id', 'nudges.filter', 'nudges.subject', 'nudges.recipients', 'nudges.created_at', 'users.handle'])
    .where('nudges.programme_id', '=', programme.id)
    .orderBy('nudges.created_at', 'desc')
    .limit(20)
    .execute();
}
