import { purgeExpiredSessions } from '../accounts/sessions.ts';
import type { AppContext } from '../context.ts';
import { pollDueFeeds } from '../feeds/poll.ts';

export interface ScheduledJob {
  readonly name: string;
  /** A cron pattern (croner syntax, UTC). */
  readonly cron: string;
  run(ctx: AppContext): Promise<unknown>;
}

/** Every recurring job, at a glance. */
export const schedule: readonly ScheduledJob[] = [
  { name: 'purge-expired-sessions', cron: '17 * * * *', run: purgeExpiredSessions },
  // Each run takes the external feeds that are due; a feed is due hourly, later after failures.
  { name: 'poll-external-feeds', cron: '*/5 * * * *', run: (ctx) => pollDueFeeds(ctx) },
];
