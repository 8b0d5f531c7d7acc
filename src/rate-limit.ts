import type { Clock } from './clock.ts';

export interface RateRule {
  readonly limit: number;
  readonly windowMs: number;
}

/** Throttles by key (an IP, an account): a fixed window of `limit` attempts per `windowMs`. */
export interface RateLimiter {
  /** Counts one attempt; returns the seconds to wait when the key is over its limit, else 0. */
  consume(key: string, rule: RateRule): number;
  /** The seconds to wait, without counting an attempt. */
  blockedFor(key: string, rule: RateRule): number;
  reset(key: string): void;
}

/**
 * In-memory limiter for one process. Several app servers behind a balancer each keep their own
 * counts, which only loosens the limit by that factor.
 */
export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { count: number; resetsAt: number }>();
  let calls = 0;

  function current(key: string, rule: RateRule, now: number) {
    let w = windows.get(key);
    if (!w || w.resetsAt <= now) {
      w = { count: 0, resetsAt: now + rule.windowMs };
      windows.set(key, w);
    }
    return w;
  }

  function prune(now: number) {
    for (const [key, w] of windows) if (w.resetsAt <= now) windows.delete(key);
  }

  return {
    consume(key, rule) {
      const now = clock.now().getTime();
      if (++calls % 1000 === 0) prune(now);
      const w = current(key, rule, now);
      if (w.count >= rule.limit) return Math.max(1, Math.ceil((w.resetsAt - now) / 1000));
      w.count += 1;
      return 0;
    },
    blockedFor(key, rule) {
      const now = clock.now().getTime();
      const w = current(key, rule, now);
      return w.count >= rule.limit ? Math.max(1, Math.ceil((w.resetsAt - now) / 1000)) : 0;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}

const minute = 60_000;

/** The limits on the doors an attacker knocks at. */
export const rateRules = {
  signInPerIp: { limit: 50, windowMs: 15 * minute },
  /** Wrong passwords in a row for one account before it must wait. */
  signInFailuresPerAccount: { limit: 10, windowMs: 15 * minute },
  signUpPerIp: { limit: 10, windowMs: 60 * minute },
  resetPerIp: { limit: 10, windowMs: 60 * minute },
  resetPerAccount: { limit: 3, windowMs: 60 * minute },
  tokenPerIp: { limit: 30, windowMs: 15 * minute },
  verifyMailPerAccount: { limit: 5, windowMs: 60 * minute },
} as const satisfies Record<string, RateRule>;
