// npm run bench [-- --quick] [-- --only name,...]
// Runs every benchmark, each page against a bare node:http baseline measured in the same run, and
// writes bench/results/latest.json. Figures are goals for the code, never assertions in tests.
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pageBenchmarks, type PageBenchmark, type Fixture } from './pages.ts';
import { residentMb, root, runLoad, startBaseline, startCommonplace, type RunningServer } from './lib/processes.ts';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = args.quick;
const only = args.only?.split(',');
const seconds = quick ? 2 : 10;
const connections = 32;

interface Row {
  name: string;
  figure: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string;
  meets: boolean | null;
  database: string;
  detail?: Record<string, number>;
}
const rows: Row[] = [];

function log(text: string) {
  process.stderr.write(`${text}\n`);
}

async function build() {
  const { ensureBuilt } = (await import(path.join(root, 'scripts', 'build-if-needed.js'))) as { ensureBuilt(o: { quiet: boolean }): boolean };
  ensureBuilt({ quiet: false });
}

/** Makes a dataset in a fresh DATA_DIR (and database) with the CLI, showing its progress. */
function makeDataset(env: Record<string, string>, members: number) {
  log(`  making ${members} members…`);
  execFileSync(process.execPath, [path.join(root, 'bin', 'commonplace.js'), 'fake-data', '--members', String(members)], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function signInAs(server: RunningServer, login: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password, name: 'bench' }) });
  if (res.status !== 201) throw new Error(`could not get a token for ${login}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function capture(url: string, headers: Record<string, string>, file: string) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  const kept: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'].includes(k)) kept[k] = v;
  });
  fs.writeFileSync(file, JSON.stringify({ status: res.status, headers: kept, body: body.toString('base64') }));
  return res.status;
}

async function benchPage(server: RunningServer, fixture: Fixture, bench: PageBenchmark, database: string, workDir: string) {
  const target = await bench.url(fixture);
  const headers: Record<string, string> = bench.signedIn ? { authorization: `Bearer ${fixture.token}` } : {};
  const file = path.join(workDir, `${bench.name.replace(/[^a-z0-9]+/gi, "-")}.json`);
  const status = await capture(`${server.url}${target}`, headers, file);
  if (status !== 200) throw new Error(`${bench.name}: ${target} answered ${status}`);
  const ours = await runLoad(`${server.url}${target}`, { connections, seconds, headers });
  const baseline = await startBaseline(file);
  const bare = await runLoad(`${baseline.url}${target}`, { connections, seconds });
  await baseline.stop();
  const ratio = Math.round((ours.requestsPerSec / bare.requestsPerSec) * 1000) / 1000;
  const meets = ratio >= bench.minRatio && ours.p99 <= bench.maxP99Ms && ours.errors === 0 && ours.non2xx === 0;
  rows.push({
    name: bench.name,
    figure: Math.round(ours.requestsPerSec),
    unit: 'req/s',
    baseline: Math.round(bare.requestsPerSec),
    ratio,
    target: bench.minRatio ? `≥ ${bench.minRatio * 100}% of bare, p99 ≤ ${bench.maxP99Ms} ms` : `p99 ≤ ${bench.maxP99Ms} ms`,
    meets,
    database,
    detail: { p50Ms: ours.p50, p99Ms: ours.p99, errors: ours.errors, non2xx: ours.non2xx, bareP99Ms: bare.p99 },
  });
  log(`  ${bench.name}: ${Math.round(ours.requestsPerSec)} req/s vs ${Math.round(bare.requestsPerSec)} bare (${Math.round(ratio * 100)}%), p99 ${ours.p99} ms`);
}

async function runOnDatabase(database: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `commonplace-bench-${database}-`));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  let dropDatabase: (() => void) | undefined;
  if (database === 'postgres') {
    const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!admin) {
      log('  PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it.');
      return;
    }
    const name = `commonplace_bench_${process.pid}`;
    const adminUrl = new URL(admin);
    adminUrl.pathname = '/postgres';
    execSync(`psql "${adminUrl}" -qc "create database ${name}"`, { stdio: 'inherit' });
    dropDatabase = () => execSync(`psql "${adminUrl}" -qc "drop database if exists ${name} with (force)"`, { stdio: 'inherit' });
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  try {
    log(`\n== ${database}`);
    const members = quick ? 1000 : 10_000;
    // Start on the empty database first: the start-up and idle-memory figures.
    const empty = await startCommonplace(env);
    await new Promise((r) => setTimeout(r, quick ? 500 : 2000));
    const idle = residentMb(empty.child.pid!);
    await empty.stop();
    rows.push({ name: 'start to /healthz', figure: empty.startMs, unit: 'ms', baseline: null, ratio: null, target: '≤ 1000 ms', meets: empty.startMs <= 1000, database });
    rows.push({ name: 'idle resident memory', figure: idle, unit: 'MB', baseline: null, ratio: null, target: '≤ 120 MB', meets: idle <= 120, database });
    log(`  start ${empty.startMs} ms, idle ${idle} MB`);

    makeDataset(env, members);
    const server = await startCommonplace(env);
    try {
      const handle = 'bench_reader';
      const password = 'bench reader passphrase';
      const made = await fetch(`${server.url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle, password, email: 'bench@example.org', displayName: 'Bench Reader' }) });
      if (made.status !== 201) throw new Error(`could not make the bench member: ${made.status}`);
      const fixture: Fixture = { token: await signInAs(server, handle, password), handle };
      for (const bench of pageBenchmarks) {
        if (only && !only.includes(bench.name)) continue;
        await benchPage(server, fixture, bench, database, dataDir);
      }
    } finally {
      await server.stop();
    }
  } finally {
    dropDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  } catch {
    // not a git checkout
  }
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, commit, quick };
}

function printTable() {
  const header = ['benchmark', 'db', 'figure', 'baseline', 'ratio', 'target', 'meets'];
  const lines = rows.map((r) => [r.name, r.database, `${r.figure} ${r.unit}`, r.baseline === null ? '' : `${r.baseline} ${r.unit}`, r.ratio === null ? '' : `${Math.round(r.ratio * 100)}%`, r.target, r.meets === null ? '' : r.meets ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}

await build();
await runOnDatabase('sqlite');
await runOnDatabase('postgres');
printTable();
const resultsDir = path.join(root, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify({ machine: machine(), results: rows }, null, 2));
process.stdout.write(`\nWrote bench/results/latest.json (${rows.length} figures).\n`);
