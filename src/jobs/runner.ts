import { Cron } from 'croner';
import type { AppContext } from '../context.ts';
import { schedule, type ScheduledJob } from './schedule.ts';

/** A scheduled run that fails is tried once more; the next period runs anyway. */
const scheduledAttempts = 2;

/** The start of the period `at` falls in: the pattern's latest occurrence at or before it (UTC). */
export function periodStart(cron: string, at: Date): Date {
  // A second's grace: a tick that fires a little early still names its own minute.
  return new Cron(cron, { timezone: 'UTC' }).previousRuns(1, new Date(at.getTime() + 1000))[0] ?? at;
}

/**
 * Enqueues one scheduled job for the period `at` falls in, keyed by the period: when this or another
 * process (or `jobs run`) already enqueued it, nothing new is written.
 */
export async function enqueueScheduled(ctx: AppContext, job: ScheduledJob, at: Date = new Date()): Promise<{ key: string }> {
  const key = periodStart(job.cron, at).toISOString();
  await ctx.jobs.enqueue(job.name, {}, { key, maxAttempts: scheduledAttempts });
  return { key };
}

/**
 * Starts the schedule in this process; returns a function that stops it. Each tick only enqueues:
 * the queue's workers (in whichever process takes the job first) run it.
 */
export function startScheduler(ctx: AppContext, jobs: readonly ScheduledJob[] = schedule): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { timezone: 'UTC', protect: true, name: job.name }, async () => {
        try {
          await enqueueScheduled(ctx, job);
        } catch (error) {
          ctx.log.error({ job: job.name, err: error }, 'could not enqueue a scheduled job');
        }
      }),
  );
  return () => {
    for (const c of crons) c.stop();
  };
}
