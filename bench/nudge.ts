// The nudge benchmark: an organiser nudges a 2,000-person cohort. The request writes the 2,000
// notifications and their mail jobs in one transaction and answers; the server's queue workers send
// the mail afterwards. Three nudges (the hourly limit) against the built server, over HTTP, on the
// bench's database with its dataset, each once the last one's mail is out. Target: the request
// answers in ≤ 100 ms.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Boot from '../src/boot.ts';
import type * as ConfigModule from '../src/config.ts';
import type * as BulkCohort from '../src/dev-data/bulk-cohort.ts';
import type * as Factories from '../src/dev-data/factories.ts';
import { startCommonplace } from './lib/processes.ts';

const cohortSize = 2000;

/** Waits until the outbox holds `count` messages (each is a .json beside its .eml). */
async function outboxHolds(dataDir: string, count: number): Promise<void> {
  const dir = path.join(dataDir, 'outbox');
  const deadline = Date.now() + 300_000;
  while ((fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0) < count) {
    if (Date.now() > deadline) throw new Error(`the outbox did not reach ${count} messages in 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const dist = path.resolve(import.meta.dirname, '..', 'dist', 'src');
const load = <T>(file: string) => import(pathToFileURL(path.join(dist, file)).href) as Promise<T>;

/** Runs the benchmark on the database `env` names; answers one row of the bench table. */
export async function benchNudge(env: Readonly<Record<string, string>>, database: string) {
  const { createContext } = await load<typeof Boot>('boot.js');
  const { loadConfig } = await load<typeof ConfigModule>('config.js');
  const { createMember, createTestProgramme } = await load<typeof Factories>('dev-data/factories.js');
  const { enrolCohortInBulk } = await load<typeof BulkCohort>('dev-data/bulk-cohort.js');

  const ctx = await createContext(loadConfig({ ...process.env, ...env, LOG_LEVEL: 'warn' }));
  const organiser = await createMember(ctx, { roles: ['organiser'] });
  const programme = await createTestProgramme(ctx, organiser, {
    title: 'Nudge benchmark',
    startsOn: new Date().toISOString().slice(0, 10),
    weeks: 4,
  });
  await enrolCohortInBulk(ctx, programme, cohortSize, 'nudge');
  await ctx.jobs.stop();
  await ctx.db.close();

  const server = await startCommonplace({ ...env });
  try {
    const signIn = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: organiser.handle, password: organiser.password }),
    });
    const { token } = (await signIn.json()) as { token: string };
    // Warm the cohort page's paths (its snapshot, the JIT) as an organiser's visit before a nudge does.
    await fetch(`${server.url}/programmes/${programme.slug}/cohort`, { headers: { authorization: `Bearer ${token}` } });
    const runs: number[] = [];
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}/programmes/${programme.slug}/nudges`, {
        method: 'POST',
        redirect: 'manual',
        headers: { authorization: `Bearer ${token}`, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ filter: 'all', subject: `Week ${i + 1}`, body: 'Dear {name}, the next Thing is {next}: {link}' }),
      });
      runs.push(Math.round((performance.now() - started) * 10) / 10);
      if (res.status !== 303) throw new Error(`the nudge answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      // The next nudge is timed once the workers have sent this one's mail (to the outbox).
      const started2 = performance.now();
      await outboxHolds(env.DATA_DIR!, cohortSize * (i + 1));
      sent.push(Math.round((performance.now() - started2) / 100) / 10);
    }
    const median = [...runs].sort((a, b) => a - b)[1]!;
    return {
      name: `nudge to ${cohortSize.toLocaleString('en')} participants: the request (mail queued, sent after)`,
      figure: median,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target: '≤ 100 ms',
      meets: median <= 100,
      database,
      detail: { runsMs: runs, allMailSentAfterSeconds: sent },
    };
  } finally {
    await server.stop();
  }
}
