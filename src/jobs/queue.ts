import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { EnqueueManyOptions, JobQueue, JobRun, QueueOverview } from '../queue.ts';
import { createPgBossBackend } from './pg-boss-backend.ts';
import { createSqliteBackend } from './sqlite-backend.ts';

/** Runs one job. Throwing fails the attempt: the job is tried again later, or ends dead. */
// biome-ignore lint/suspicious/noExplicitAny: each handler names its own payload type; the queue stores JSON
export type JobHandler = (ctx: AppContext, payload: any, run: JobRun) => Promise<unknown>;

export interface QueueSettings {
  /** A job taken by a worker that died (kill -9, power cut) runs again after this many seconds. */
  readonly leaseSeconds: number;
  /** The first retry waits this long; each next one about twice as long. */
  readonly retryDelaySeconds: number;
  /** How often an idle worker looks for jobs. */
  readonly pollMs: number;
  /** Jobs taken per look, and how many of them run at once (mail waits on the network). */
  readonly batchSize: number;
  readonly concurrency: number;
  /** PostgreSQL: how often pg-boss's monitor gives expired jobs back (its default, 60 s, is slow to recover). */
  readonly monitorSeconds: number;
}

export const defaultQueueSettings: QueueSettings = {
  leaseSeconds: 300,
  retryDelaySeconds: 30,
  pollMs: 1000,
  batchSize: 50,
  concurrency: 4,
  monitorSeconds: 15,
};

export const defaultMaxAttempts = 5;

/** A job as a worker holds it. */
export interface TakenJob extends JobRun {
  readonly payload: unknown;
  readonly maxAttempts: number;
}

/** What each database's storage does; the worker loop above it is the same for both. */
export interface QueueBackend {
  insert(name: string, jobs: readonly { readonly payload: object; readonly key?: string }[], options: EnqueueManyOptions): Promise<void>;
  take(names: readonly string[], limit: number): Promise<TakenJob[]>;
  /** Marks jobs done (all of one batch at once: one statement, not one per job). */
  complete(jobs: readonly TakenJob[]): Promise<void>;
  fail(job: TakenJob, error: string): Promise<void>;
  overview(): Promise<QueueOverview>;
  retry(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobQueueOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** The context handlers run with (made after the queue, since it holds the queue). */
  readonly context: () => AppContext;
  readonly settings?: Partial<QueueSettings>;
}

/** The job queue: pg-boss on PostgreSQL, the `job_queue` table on SQLite, one worker loop over both. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const settings = { ...defaultQueueSettings, ...options.settings };
  const names = Object.keys(options.handlers);
  const backend =
    options.db.dialect === 'sqlite'
      ? createSqliteBackend(options.db, settings)
      : createPgBossBackend(options.db, settings, names, options.log);
  const { log } = options;

  /** Runs one job; true when it succeeded (and is to be marked done with its batch). */
  const runOne = async (job: TakenJob): Promise<boolean> => {
    const handler = options.handlers[job.name];
    if (job.attempt > job.maxAttempts || !handler) {
      await backend.fail(job, handler ? 'the worker stopped during the last attempt' : `no handler for ${job.name}`);
      return false;
    }
    const started = performance.now();
    try {
      const result = await handler(options.context(), job.payload, job);
      // A job that reports something (a scheduled job's counts) is logged; a plain one (each mail,
      // which the mailer logs itself) only at debug level.
      const level = result === undefined ? 'debug' : 'info';
      log[level]({ job: job.name, id: job.id, attempt: job.attempt, result, ms: Math.round(performance.now() - started) }, 'job done');
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ job: job.name, id: job.id, attempt: job.attempt, err: error }, 'job failed');
      await backend.fail(job, message.slice(0, 2000));
      return false;
    }
  };

  /**
   * Takes one batch of due jobs (of `only`, or of every name), runs it and marks the successes done
   * together; resolves to how many were taken. (A worker killed mid-batch runs that batch's finished
   * jobs again: at least once, as always.)
   */
  const runBatch = async (only: readonly string[] | undefined, concurrency: number) => {
    const taken = await backend.take(only ?? names, settings.batchSize);
    const done: TakenJob[] = [];
    let next = 0;
    const lane = async () => {
      while (next < taken.length) {
        const job = taken[next++]!;
        if (await runOne(job)) done.push(job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, taken.length) }, lane));
    if (done.length) await backend.complete(done);
    return taken.length;
  };

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  const tick = async () => {
    let n = 0;
    try {
      n = await runBatch(undefined, settings.concurrency);
    } catch (error) {
      log.error({ err: error }, 'job queue poll failed');
    }
    if (running) {
      timer = setTimeout(() => (loop = tick()), n > 0 ? 0 : settings.pollMs);
      // Polling must not keep a finished command-line process alive.
      timer.unref();
    }
  };

  return {
    enqueue: (name, payload, { key, ...rest } = {}) => backend.insert(name, [{ payload, key }], rest),
    enqueueMany: (name, jobs, rest = {}) => (jobs.length ? backend.insert(name, jobs, rest) : Promise.resolve()),
    async drain({ names: only } = {}) {
      // One at a time, in the order taken: what a test or an operator runs should be predictable.
      let total = 0;
      for (let n = await runBatch(only, 1); n > 0; n = await runBatch(only, 1)) total += n;
      return total;
    },
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(() => (loop = tick()), 0);
      timer.unref();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await loop;
      await backend.close();
    },
    overview: () => backend.overview(),
    retry: (id) => backend.retry(id),
  };
}

/** Wait before retry number `attempt` (1-based): doubling from the base, capped at a day. */
export function backoffSeconds(base: number, attempt: number): number {
  return Math.min(base * 2 ** (attempt - 1), 86_400);
}
