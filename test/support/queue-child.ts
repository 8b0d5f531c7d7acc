// A queue worker in its own process, for the kill -9 test: `node queue-child.ts DATABASE_URL [SCHEMA]`
// (QUEUE_CHILD_LOG=debug shows its log on stderr).
// Each `test.effect` job says it started, waits a little, then records its effect under its key: a
// second run of a finished job would break the table's unique key.
import { sql } from 'kysely';
import { pino } from 'pino';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createJobQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';

const [url, schema] = process.argv.slice(2);
const db = openDatabase(url!, schema ? { searchPath: schema, poolSize: 2 } : {});
const queue = createJobQueue({
  db,
  log: createLogger(process.env.QUEUE_CHILD_LOG ?? 'silent', pino.destination(2)),
  // The test's handler needs only the database it closes over.
  context: () => ({}) as AppContext,
  settings: { leaseSeconds: 2, monitorSeconds: 1, pollMs: 100, concurrency: 1, batchSize: 1, retryDelaySeconds: 1 },
  handlers: {
    'test.effect': async (_ctx, payload: { ms: number }, run) => {
      process.stdout.write(`started ${run.key} ${run.attempt}\n`);
      await new Promise((resolve) => setTimeout(resolve, payload.ms));
      await sql`insert into queue_effects (job_key, attempt) values (${run.key}, ${run.attempt})`.execute(db.kysely);
    },
  },
});
queue.start();
process.stdout.write('ready\n');
// Keeps the process alive (the queue's own timers do not).
setInterval(() => {}, 60_000);
