import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { QueueOverview } from '../queue.ts';
import { backoffSeconds, defaultMaxAttempts, type QueueBackend, type QueueSettings, type TakenJob } from './queue.ts';

const keepDoneMs = 7 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The queue in SQLite's own file. A worker takes jobs with one UPDATE … RETURNING (SQLite runs one
 * writer at a time, so two processes never take the same job) and holds each for `leaseSeconds`;
 * a job whose holder died is taken again once its lease has run out. Times are the machine's clock,
 * as pg-boss uses the database's.
 */
export function createSqliteBackend(db: Db, settings: QueueSettings): QueueBackend {
  // The queue's own bookkeeping is no content change: it must not empty the page caches.
  const k = db.kysely.withoutPlugins();
  let lastSweep = 0;

  return {
    async insert(name, jobs, { within, runAt, maxAttempts = defaultMaxAttempts }) {
      const now = iso(Date.now());
      const rows = jobs.map((j) => ({
        id: newId(),
        name,
        key: j.key ?? null,
        payload: JSON.stringify(j.payload),
        state: 'queued' as const,
        attempts: 0,
        max_attempts: maxAttempts,
        run_at: runAt ? runAt.toISOString() : now,
        locked_until: null,
        last_error: null,
        created_at: now,
        finished_at: null,
      }));
      for (let i = 0; i < rows.length; i += 500) {
        await (within ?? k)
          .insertInto('job_queue')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },

    async take(names, limit) {
      if (names.length === 0) return [];
      const nowMs = Date.now();
      const now = iso(nowMs);
      if (nowMs - lastSweep > 3_600_000) {
        lastSweep = nowMs;
        await k
          .deleteFrom('job_queue')
          .where('state', '=', 'done')
          .where('finished_at', '<', iso(nowMs - keepDoneMs))
          .execute();
      }
      const rows = await k
        .updateTable('job_queue')
        .set((eb) => ({ state: 'active', attempts: eb('attempts', '+', 1), locked_until: iso(nowMs + settings.leaseSeconds * 1000) }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('job_queue')
            .select('id')
            .where('name', 'in', names)
            .where((w) =>
              w.or([
                w.and([w('state', 'in', ['queued', 'retry']), w('run_at', '<=', now)]),
                w.and([w('state', '=', 'active'), w('locked_until', '<=', now)]),
              ]),
            )
            .orderBy('run_at')
            .orderBy('id')
            .limit(limit),
        )
        .returning(['id', 'name', 'key', 'payload', 'attempts', 'max_attempts'])
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        key: r.key,
        attempt: r.attempts,
        maxAttempts: r.max_attempts,
        payload: JSON.parse(r.payload),
      }));
    },

    async complete(jobs) {
      const finishedAt = iso(Date.now());
      await k.transaction().execute(async (trx) => {
        for (const job of jobs) await held(trx, job).set({ state: 'done', locked_until: null, finished_at: finishedAt }).execute();
      });
    },

    async fail(job, error) {
      const nowMs = Date.now();
      const dead = job.attempt >= job.maxAttempts;
      await held(k, job)
        .set({
          state: dead ? 'dead' : 'retry',
          locked_until: null,
          last_error: error,
          run_at: dead ? iso(nowMs) : iso(nowMs + backoffSeconds(settings.retryDelaySeconds, job.attempt) * 1000),
          finished_at: dead ? iso(nowMs) : null,
        })
        .execute();
    },

    async overview(): Promise<QueueOverview> {
      const counts = await k
        .selectFrom('job_queue')
        .select((eb) => ['name', 'state', eb.fn.countAll<number>().as('count')])
        .groupBy(['name', 'state'])
        .orderBy('name')
        .orderBy('state')
        .execute();
      const dead = await k
        .selectFrom('job_queue')
        .select(['id', 'name', 'key', 'attempts', 'last_error', 'finished_at'])
        .where('state', '=', 'dead')
        .orderBy('finished_at', 'desc')
        .limit(100)
        .execute();
      return {
        counts: counts.map((c) => ({ name: c.name, state: c.state, count: Number(c.count) })),
        deadLetters: dead.map((d) => ({
          id: d.id,
          name: d.name,
          key: d.key,
          attempts: d.attempts,
          lastError: d.last_error ?? '',
          failedAt: d.finished_at ?? '',
        })),
      };
    },

    async retry(id) {
      const result = await k
        .updateTable('job_queue')
        .set({ state: 'queued', attempts: 0, run_at: iso(Date.now()), finished_at: null })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async close() {},
  };
}

/** The job's row while this attempt still holds it (a worker whose lease ran out changes nothing). */
function held(k: Db['kysely'], job: TakenJob) {
  return k.updateTable('job_queue').where('id', '=', job.id).where('state', '=', 'active').where('attempts', '=', job.attempt);
}
