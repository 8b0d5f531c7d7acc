/** The one source of time. Tests and schedules inject a fixed or movable clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and demos: starts at `start` and moves only when told. */
export function createFixedClock(start: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(to) {
      current = new Date(to);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** An instant as the ISO-8601 UTC text both databases store and sort. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
