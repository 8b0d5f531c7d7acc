import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { createLogger } from '../logger.ts';
import { createJobQueue } from './queue.ts';

const child = path.resolve(import.meta.dirname, '../../test/support/queue-child.ts');
// The child's timings: a job held by a dead worker is free again after 2 s.
const settings = { leaseSeconds: 2, monitorSeconds: 1, pollMs: 100, retryDelaySeconds: 1 };

describeEachDatabase('the job queue after kill -9', (h) => {
  const workers: ChildProcess[] = [];
  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
  });

  /** Starts a worker process; `onLine` sees each line it prints. */
  const startWorker = (onLine: (line: string) => void) => {
    const db = h().ctx.db;
    const args = db.dialect === 'sqlite' ? [`sqlite:${db.sqliteFile}`] : [process.env.TEST_DATABASE_URL!, db.searchPath!];
    const worker = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    workers.push(worker);
    createInterface({ input: worker.stdout! }).on('line', onLine);
    return worker;
  };

  it('runs a job again when its worker is killed mid-run, and every job once', { timeout: 60_000 }, async () => {
    const { kysely } = h().ctx.db;
    await kysely.schema
      .createTable('queue_effects')
      .addColumn('job_key', 'text', (c) => c.primaryKey())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .execute();
    const queue = createJobQueue({
      db: h().ctx.db,
      log: createLogger('silent'),
      handlers: { 'test.effect': async () => {} },
      context: () => h().ctx,
      settings,
    });
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    await queue.enqueueMany(
      'test.effect',
      keys.map((key) => ({ key, payload: { ms: 300 } })),
    );

    // The first worker is killed while it holds k3 (k1 and k2 are done by then).
    const first = startWorker((line) => {
      if (line.startsWith('started k3 ')) first.kill('SIGKILL');
    });
    await new Promise((resolve) => first.on('exit', resolve));
    expect(first.signalCode).toBe('SIGKILL');
    const before = await sql<{ job_key: string }>`select job_key from queue_effects order by job_key`.execute(kysely);
    expect(before.rows.map((r) => r.job_key)).toEqual(['k1', 'k2']);

    const started: string[] = [];
    startWorker((line) => started.push(line));
    await vi.waitFor(
      async () => {
        const done = await sql<{ n: number }>`select count(*) as n from queue_effects`.execute(kysely);
        expect(Number(done.rows[0]!.n)).toBe(keys.length);
      },
      { timeout: 45_000, interval: 250 },
    );
    const effects = await sql<{ job_key: string; attempt: number }>`select job_key, attempt from queue_effects order by job_key`.execute(
      kysely,
    );
    expect(effects.rows.map((r) => [r.job_key, Number(r.attempt)])).toEqual([
      ['k1', 1],
      ['k2', 1],
      ['k3', 2],
      ['k4', 1],
      ['k5', 1],
      ['k6', 1],
    ]);
    // The second worker ran nothing twice, and nothing is left over or dead.
    expect(started.filter((l) => l.startsWith('started k1 ') || l.startsWith('started k2 '))).toEqual([]);
    await vi.waitFor(async () => {
      const counts = (await queue.overview()).counts.filter((c) => c.name === 'test.effect');
      expect(counts).toEqual([{ name: 'test.effect', state: 'done', count: keys.length }]);
    });
    await queue.stop();
  });
});
