import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

/**
 * The durable job queue as capabilities see it (through `ctx.jobs`). The implementations live in
 * `jobs/` (pg-boss on PostgreSQL, a table on SQLite); this file holds only the shape, so that
 * capabilities never import `jobs/`.
 */
export interface JobQueue {
  /**
   * Writes a job. Pass the caller's transaction as `within` so that the job exists if and only if
   * the change that causes it is committed (the outbox rule). A job whose `key` was already used
   * for this name is not written again.
   */
  enqueue(name: string, payload: object, options?: EnqueueOptions): Promise<void>;
  /** Writes many jobs of one name at once (in one statement per few hundred), as `enqueue` does. */
  enqueueMany(
    name: string,
    jobs: readonly { readonly payload: object; readonly key?: string }[],
    options?: EnqueueManyOptions,
  ): Promise<void>;
  /** Runs every job that is due now until none is left, in this process (tests, the command line). */
  drain(options?: { readonly names?: readonly string[] }): Promise<number>;
  /** Starts polling for jobs in this process; `stop` waits for the jobs in hand. */
  start(): void;
  stop(): Promise<void>;
  /** Counts by name and state, and the dead letters (jobs that used up their attempts), newest first. */
  overview(): Promise<QueueOverview>;
  /** Gives a dead job a fresh set of attempts, due now; false when no such dead job exists. */
  retry(id: string): Promise<boolean>;
}

export interface EnqueueManyOptions {
  /** The caller's open transaction (or the database, to write on its own). */
  readonly within?: Kysely<Database>;
  /** Not before this instant (default: now). */
  readonly runAt?: Date;
  /** Tries before the job is dead (default 5); retries wait longer each time. */
  readonly maxAttempts?: number;
}

export interface EnqueueOptions extends EnqueueManyOptions {
  /** Idempotency key: a second job with the same name and key is dropped. */
  readonly key?: string;
}

export type JobState = 'queued' | 'retry' | 'active' | 'done' | 'dead' | 'cancelled';

export interface QueueOverview {
  readonly counts: readonly { readonly name: string; readonly state: JobState; readonly count: number }[];
  readonly deadLetters: readonly DeadLetter[];
}

export interface DeadLetter {
  readonly id: string;
  readonly name: string;
  readonly key: string | null;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: string;
}

/** What a handler learns about the job it runs: the id and key stay the same across attempts. */
export interface JobRun {
  readonly id: string;
  readonly name: string;
  readonly key: string | null;
  /** 1 on the first try. */
  readonly attempt: number;
}
