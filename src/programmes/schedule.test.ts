import { describe, expect, it } from 'vitest';
import { catchUpPlan, dueAt, opensAt, standing, totalWeeks, weekAt, type ScheduleShape } from './schedule.ts';

// Monday 2 November 2026; week 3 is a catch-up week; Thing 5 (week 5) is optional.
const shape: ScheduleShape = {
  startsOn: '2026-11-02',
  catchUpWeeks: [3],
  things: [
    { number: 1, week: 1, required: true },
    { number: 2, week: 2, required: true },
    { number: 3, week: 2, required: true },
    { number: 4, week: 4, required: true },
    { number: 5, week: 5, required: false },
    { number: 6, week: 6, required: true },
  ],
};
const at = (iso: string) => new Date(iso);

describe('the weekly calendar', () => {
  it('opens a Thing at the start of its week and makes it due at the end', () => {
    expect(opensAt('2026-11-02', 1).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(dueAt('2026-11-02', 1).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(opensAt('2026-11-02', 4).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('knows which week the clock is in, before, during and after', () => {
    expect(weekAt('2026-11-02', at('2026-11-01T23:59:59Z'))).toBe(0);
    expect(weekAt('2026-11-02', at('2026-11-02T00:00:00Z'))).toBe(1);
    expect(weekAt('2026-11-02', at('2026-11-08T23:59:59Z'))).toBe(1);
    expect(weekAt('2026-11-02', at('2026-11-09T00:00:00Z'))).toBe(2);
    expect(totalWeeks(shape)).toBe(6);
    expect(totalWeeks({ catchUpWeeks: [8], things: shape.things })).toBe(8);
  });
});

describe('standing', () => {
  it('is not started, and owes nothing, before anything is due', () => {
    const s = standing(shape, [], at('2026-11-05T12:00:00Z'));
    expect(s).toMatchObject({ done: [], due: [], weeksBehind: 0, status: 'not-started', next: 1, currentWeek: 1 });
  });

  it('counts a Thing due at the very instant its week ends', () => {
    expect(standing(shape, [], at('2026-11-08T23:59:59.999Z')).weeksBehind).toBe(0);
    expect(standing(shape, [], at('2026-11-09T00:00:00Z'))).toMatchObject({ due: [1], weeksBehind: 1, status: 'behind', next: 1 });
  });

  it('counts weeks, not Things: two missed Things of one week are one week behind', () => {
    const s = standing(shape, [1], at('2026-11-16T00:00:00Z'));
    expect(s).toMatchObject({ due: [2, 3], weeksBehind: 1, next: 2 });
    expect(standing(shape, [], at('2026-11-16T00:00:00Z')).weeksBehind).toBe(2);
  });

  it('does not count a catch-up week as a week behind', () => {
    // End of week 3 (catch-up): still only weeks 1 and 2 are owed.
    const s = standing(shape, [], at('2026-11-23T00:00:00Z'));
    expect(s).toMatchObject({ due: [1, 2, 3], weeksBehind: 2 });
  });

  it('never counts optional Things as behind', () => {
    const s = standing(shape, [1, 2, 3, 4], at('2026-12-07T00:00:00Z')); // week 5 is over
    expect(s).toMatchObject({ due: [], weeksBehind: 0, status: 'on-track', next: 6 });
  });

  it('is ahead when a required Thing of a week not yet begun is done', () => {
    const s = standing(shape, [1, 4], at('2026-11-03T00:00:00Z'));
    expect(s).toMatchObject({ status: 'ahead', weeksBehind: 0, next: 2 });
  });

  it('is finished when every required Thing is done, optional ones aside', () => {
    const s = standing(shape, [1, 2, 3, 4, 6], at('2026-12-20T00:00:00Z'));
    expect(s).toMatchObject({ status: 'finished', weeksBehind: 0, requiredDone: 5, requiredTotal: 5, next: 5 });
  });

  it('ignores completions of Things the programme does not have', () => {
    expect(standing(shape, [1, 99], at('2026-11-03T00:00:00Z')).done).toEqual([1]);
  });
});

describe('the catch-up plan', () => {
  it('spreads missed Things one per ordinary week and two in a catch-up week, oldest first', () => {
    const now = at('2026-11-16T10:00:00Z'); // week 3, the catch-up week; 1, 2 and 3 are missed
    const s = standing(shape, [], now);
    const plan = catchUpPlan(shape, s, now);
    expect(plan.map((w) => [w.week, w.catchUp, w.catchUpThings, w.scheduled])).toEqual([
      [3, true, [1, 2], []],
      [4, false, [3], [4]],
      [5, false, [], [5]],
      [6, false, [], [6]],
    ]);
  });

  it('keeps every missed Thing when the programme is over', () => {
    const now = at('2027-03-01T00:00:00Z');
    const s = standing(shape, [1], now);
    const plan = catchUpPlan(shape, s, now);
    expect(plan).toHaveLength(1);
    expect(plan[0]!.catchUpThings).toEqual([2, 3, 4, 6]);
  });

  it('is empty for a participant who owes nothing', () => {
    const now = at('2026-12-20T00:00:00Z');
    expect(catchUpPlan(shape, standing(shape, [1, 2, 3, 4, 5, 6], now), now)).toEqual([]);
  });
});
