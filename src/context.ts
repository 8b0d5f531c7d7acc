import type { Caches } from './cache/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { EventBus } from './events.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What every capability needs from the outside world, made once at start-up (or per test). */
export interface AppContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: Config;
  readonly mailer: Mailer;
  readonly log: Logger;
  readonly limiter: RateLimiter;
  /** Every in-memory cache, and the one way a write drops what it changed; see cache/. */
  readonly cache: Caches;
  /** How capabilities tell each other what happened; see events.ts. */
  readonly events: EventBus;
}
