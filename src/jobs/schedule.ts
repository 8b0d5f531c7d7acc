import { purgeExpiredSessions } from '../accounts/sessions.ts';
import { publishDuePosts } from '../blogs/posts.service.ts';
import type { AppContext } from '../context.ts';
import { announceOpenedThings } from '../programmes/announce.ts';
import { pollDueFeeds } from '../external-blogs/poll.ts';

export interface ScheduledJob {
  readonly name: string;
  /** A cron pattern (croner syntax, UTC). */
  readonly cron: string;
  run(ctx: AppContext): Promise<unknown>;
}

/** Every recurring job, at a glance. */
export const schedule: readonly ScheduledJob[] = [
  { name: 'purge-expired-sessions', cron: '17 * * * *', run: purgeExpiredSessions },
  { name: 'publish-scheduled-posts', cron: '* * * * *', run: publishDuePosts },
  // Things open at 00:00 UTC on Mondays (or whatever day a programme starts): look every 10 minutes.
  { name: 'announce-opened-things', cron: '*/10 * * * *', run: announceOpenedThings },
  // Each run takes the external feeds that are due; a feed is due hourly, later after failures.
  { name: 'poll-external-feeds', cron: '*/5 * * * *', run: (ctx) => pollDueFeeds(ctx) },
];
