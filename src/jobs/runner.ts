import { Cron } from 'croner';
import type { AppContext } from '../context.ts';
import { schedule, type ScheduledJob } from './schedule.ts';

/** Starts the schedule in this process; returns a function that stops it. */
export function startScheduler(ctx: AppContext, jobs: readonly ScheduledJob[] = schedule): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { timezone: 'UTC', protect: true, name: job.name }, async () => {
        const started = performance.now();
        try {
          const result = await job.run(ctx);
          ctx.log.info({ job: job.name, result, ms: Math.round(performance.now() - started) }, 'job done');
        } catch (error) {
          ctx.log.error({ job: job.name, err: error }, 'job failed');
        }
      }),
  );
  return () => {
    for (const c of crons) c.stop();
  };
}
