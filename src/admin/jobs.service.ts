import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { QueueOverview } from '../queue.ts';
import type { Account } from '../viewer.ts';

/** Only administrators see the queue and retry its dead letters (job payloads hold addresses). */
function requireAdmin(viewer: Account | undefined): void {
  if (!viewer) throw new AppError('unauthorized', 'Sign in first.');
  if (!viewer.roles.includes('admin')) throw new AppError('forbidden', 'Only administrators can see the job queue.');
}

/** Queue counts by name and state, and the dead letters with their last error. */
export async function queueOverview(ctx: AppContext, viewer: Account | undefined): Promise<QueueOverview> {
  requireAdmin(viewer);
  return ctx.jobs.overview();
}

/** Gives one dead job a fresh set of attempts; 404 when there is no such dead job. */
export async function retryDeadJob(ctx: AppContext, viewer: Account | undefined, id: string): Promise<void> {
  requireAdmin(viewer);
  if (!(await ctx.jobs.retry(id))) throw new AppError('not_found', 'No such dead job (it may have been retried already).');
  ctx.log.info({ job: id, by: viewer!.id }, 'dead job retried');
}
