import { purgeExpiredSessions } from '../accounts/sessions.ts';
import { sendEmailLink } from '../accounts/email-links.ts';
import { publishDuePosts } from '../blogs/posts.service.ts';
import type { AppContext } from '../context.ts';
import { sendQueuedMail } from '../mail/mailer.ts';
import { announceOpenedThings } from '../programmes/announce.ts';
import { pollDueFeeds } from '../external-blogs/poll.ts';
import type { JobHandler } from './queue.ts';

export interface ScheduledJob {
  readonly name: string;
  /** A cron pattern (croner syntax, UTC). */
  readonly cron: string;
  run(ctx: AppContext): Promise<unknown>;
}

/**
 * Every recurring job, at a glance. Each process's clock enqueues the job once per period (keyed by
 * the period), so it runs once however many processes share the database.
 */
export const schedule: readonly ScheduledJob[] = [
  { name: 'purge-expired-sessions', cron: '17 * * * *', run: purgeExpiredSessions },
  { name: 'publish-scheduled-posts', cron: '* * * * *', run: publishDuePosts },
  // Things open at 00:00 UTC on Mondays (or whatever day a programme starts): look every 10 minutes.
  { name: 'announce-opened-things', cron: '*/10 * * * *', run: announceOpenedThings },
  // Each run takes the external feeds that are due; a feed is due hourly, later after failures.
  { name: 'poll-external-feeds', cron: '*/5 * * * *', run: (ctx) => pollDueFeeds(ctx) },
];

/** Every job the queue runs, by name; each capability owns its handler. */
export const jobHandlers: Readonly<Record<string, JobHandler>> = {
  'mail.send': sendQueuedMail,
  'accounts.email-link': sendEmailLink,
  ...Object.fromEntries(schedule.map((job) => [job.name, (ctx: AppContext) => job.run(ctx)])),
};
