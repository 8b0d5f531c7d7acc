/**
 * The programme calendar and a participant's standing, computed from the clock alone (pure
 * functions, no database). Week 1 starts at 00:00 UTC on `startsOn`; week w runs for seven days
 * from `startsOn + 7(w-1)` days. A Thing of week w opens when its week starts and is due when it ends
 * (the instant week w+1 starts). Catch-up weeks hold no Things.
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface ScheduledThing {
  readonly number: number;
  readonly week: number;
  readonly required: boolean;
}

export interface ScheduleShape {
  readonly startsOn: string;
  readonly catchUpWeeks: readonly number[];
  readonly things: readonly ScheduledThing[];
}

export function weekStart(startsOn: string, week: number): Date {
  return new Date(Date.parse(`${startsOn}T00:00:00Z`) + (week - 1) * WEEK);
}

/** When the Thing of `week` opens (start of its week). */
export const opensAt = (startsOn: string, week: number): Date => weekStart(startsOn, week);
/** When the Thing of `week` is due: the end of its week, i.e. the start of the next. */
export const dueAt = (startsOn: string, week: number): Date => weekStart(startsOn, week + 1);

/** The week `now` falls in: 0 or less before the start, above the last week after the end. */
export function weekAt(startsOn: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${startsOn}T00:00:00Z`)) / WEEK) + 1;
}

/** The number of weeks the programme lasts: up to its last Thing or catch-up week. */
export function totalWeeks(shape: Pick<ScheduleShape, 'catchUpWeeks' | 'things'>): number {
  return Math.max(0, ...shape.things.map((t) => t.week), ...shape.catchUpWeeks);
}

/** YYYY-MM-DD of a date plus whole days (UTC). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export type StandingStatus = 'not-started' | 'on-track' | 'behind' | 'ahead' | 'finished';

export interface Standing {
  /** Numbers of every Thing done (required or optional), ascending. */
  readonly done: number[];
  /** Required Things past due and not done, ascending. */
  readonly due: number[];
  /**
   * How many schedule weeks are past their end while still holding a required Thing not done.
   * A week with two missed Things counts once; catch-up weeks and optional Things never count.
   */
  readonly weeksBehind: number;
  readonly status: StandingStatus;
  /** What to do next: the oldest missed required Thing, else the first required Thing not done, else the first optional one. */
  readonly next: number | null;
  readonly requiredTotal: number;
  readonly requiredDone: number;
  /** The week the clock is in (clamped to 0 before the start). */
  readonly currentWeek: number;
}

/**
 * A participant's standing at `now` given the Things she has done.
 * `ahead` means nothing is missed and at least one required Thing of a week not yet begun is done;
 * `finished` means every required Thing is done; `not-started` that nothing is done and nothing is due yet.
 */
export function standing(shape: ScheduleShape, doneNumbers: Iterable<number>, now: Date): Standing {
  const doneSet = new Set(doneNumbers);
  const things = [...shape.things].sort((a, b) => a.week - b.week || a.number - b.number);
  const known = new Set(things.map((t) => t.number));
  const done = [...doneSet].filter((n) => known.has(n)).sort((a, b) => a - b);
  const required = things.filter((t) => t.required);
  const current = weekAt(shape.startsOn, now);
  const pastDue = (t: ScheduledThing) => dueAt(shape.startsOn, t.week).getTime() <= now.getTime();
  const missed = required.filter((t) => pastDue(t) && !doneSet.has(t.number));
  const weeksBehind = new Set(missed.map((t) => t.week)).size;
  const requiredDone = required.filter((t) => doneSet.has(t.number)).length;

  let status: StandingStatus;
  if (required.length > 0 && requiredDone === required.length) status = 'finished';
  else if (weeksBehind > 0) status = 'behind';
  else if (required.some((t) => t.week > current && doneSet.has(t.number))) status = 'ahead';
  else if (done.length === 0) status = 'not-started';
  else status = 'on-track';

  const nextThing = missed[0] ?? required.find((t) => !doneSet.has(t.number)) ?? things.find((t) => !t.required && !doneSet.has(t.number));
  return {
    done,
    due: missed.map((t) => t.number).sort((a, b) => a - b),
    weeksBehind,
    status,
    next: nextThing?.number ?? null,
    requiredTotal: required.length,
    requiredDone,
    currentWeek: Math.max(0, current),
  };
}

export interface PlanWeek {
  readonly week: number;
  readonly startsOn: string;
  readonly catchUp: boolean;
  /** Things scheduled for this week anyway (not done). */
  readonly scheduled: number[];
  /** Missed Things the plan moves into this week. */
  readonly catchUpThings: number[];
}

/**
 * Spreads the missed required Things over the weeks that remain, oldest first: one extra Thing per
 * ordinary week and two per catch-up week, starting with the current week. Whatever does not fit
 * (few weeks left, or the programme is over) goes into the last week offered, so nothing is dropped.
 */
export function catchUpPlan(shape: ScheduleShape, s: Pick<Standing, 'done' | 'due'>, now: Date): PlanWeek[] {
  const total = totalWeeks(shape);
  const current = Math.max(1, weekAt(shape.startsOn, now));
  const doneSet = new Set(s.done);
  const catchUp = new Set(shape.catchUpWeeks);
  const weeks: Array<{ week: number; startsOn: string; catchUp: boolean; scheduled: number[]; catchUpThings: number[] }> = [];
  for (let w = current; w <= Math.max(current, total); w++) {
    weeks.push({
      week: w,
      startsOn: weekStart(shape.startsOn, w).toISOString().slice(0, 10),
      catchUp: catchUp.has(w),
      scheduled: shape.things
        .filter((t) => t.week === w && !doneSet.has(t.number))
        .map((t) => t.number)
        .sort((a, b) => a - b),
      catchUpThings: [],
    });
  }
  const queue = [...s.due];
  for (const w of weeks) {
    const room = w.catchUp ? 2 : 1;
    for (let i = 0; i < room && queue.length > 0; i++) w.catchUpThings.push(queue.shift()!);
  }
  if (queue.length > 0) weeks[weeks.length - 1]!.catchUpThings.push(...queue);
  return weeks.filter((w) => w.scheduled.length > 0 || w.catchUpThings.length > 0);
}
