// npm run bench [-- --quick] [-- --only group,...] [-- --database sqlite|postgres]
// Runs every benchmark of issues 6 and 11 on SQLite and on PostgreSQL (a throw-away database on the
// server named by BENCH_DATABASE_URL or TEST_DATABASE_URL), each page against a bare node:http baseline
// loaded by the same wrk in the same run; prints a table and writes bench/results/latest.json.
// Figures are goals for the code, never assertions: a missed target is reported, not failed.
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  FARM_HOSTS,
  makeFeedsDue,
  pollCycle,
  primeValidators,
  spreadFeeds,
  startFeedFarm,
  type CycleResult,
  type FeedFarm,
} from './feeds.ts';
import { createBenchDatabase, postgresAdminUrl, type BenchDatabase, type DatabaseKind } from './lib/database.ts';
import { residentMb, root, runNode, startBaseline, startCommonplace, startFlags, type RunningServer } from './lib/processes.ts';
import { ensureWrk, runLoad } from './lib/wrk.ts';
import { runMixed, WRITES_PER_MINUTE } from './mixed.ts';
import { summariseProfile } from './lib/profile-summary.ts';
import { writeWxr } from './lib/wxr.ts';
import { benchNudge } from './nudge.ts';
import { pageBenchmarks, searchQueries, type FakeData, type Fixture, type PageBenchmark } from './pages.ts';

const groups = [
  'start',
  'pages',
  'signed-in',
  'dashboard',
  'cohort',
  'csv',
  'search',
  'mixed',
  'feeds',
  'import',
  'export',
  'npm-ci',
  'nudge',
] as const;
type Group = (typeof groups)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    database: { type: 'string' },
    /** Runs the server under --cpu-prof and prints where its time went (bench/results/profiles/). */
    profile: { type: 'boolean', default: false },
    /** How long the mixed read/write load runs (default: 600 s, quick 20 s). */
    'mixed-seconds': { type: 'string' },
  },
});
const quick = args.quick;
const only = args.only?.split(',').map((g) => g.trim()) as Group[] | undefined;
for (const g of only ?? []) if (!groups.includes(g)) throw new Error(`--only: unknown group "${g}"; the groups are ${groups.join(', ')}`);
const wants = (group: Group) => !only || only.includes(group);

/** Sizes and durations (whole seconds: wrk takes no fractions); quick mode is CI's smoke test and must finish in under 3 minutes. */
const config = quick
  ? {
      preset: 'quick',
      seconds: 1,
      warmupSeconds: 1,
      mixedSeconds: 20,
      feeds: 1000,
      importPosts: 1000,
      importComments: 5000,
      csvRuns: 3,
      idleWaitMs: 500,
    }
  : {
      preset: 'full',
      seconds: 10,
      warmupSeconds: 2,
      mixedSeconds: 600,
      feeds: 10_000,
      importPosts: 10_000,
      importComments: 50_000,
      csvRuns: 5,
      idleWaitMs: 3000,
    };
if (args['mixed-seconds']) config.mixedSeconds = Math.max(1, Math.round(Number(args['mixed-seconds'])));
const connections = 32;
const searchConnections = 8;

interface Row {
  name: string;
  /** null where there is nothing honest to report (not built yet, skipped). */
  figure: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: string;
  meets: boolean | null;
  database: string;
  detail?: Record<string, unknown>;
}
const rows: Row[] = [];
let postgresVersion: string | undefined;
const datasets: Record<string, unknown> = {};
const startedAt = performance.now();

function log(text: string) {
  process.stderr.write(`${text}\n`);
}

function add(row: Row) {
  rows.push(row);
  const figure = row.figure === null ? '—' : `${row.figure} ${row.unit}`;
  const ratio = row.ratio === null ? '' : ` (${Math.round(row.ratio * 100)}% of bare ${row.baseline} ${row.unit})`;
  const at = round((performance.now() - startedAt) / 1000);
  log(`  ${row.name}: ${figure}${ratio}${row.meets === false ? `  ← misses ${row.target}` : ''}  [${at} s]`);
}

const round = (n: number, places = 0) => Math.round(n * 10 ** places) / 10 ** places;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function build() {
  const { ensureBuilt } = (await import(path.join(root, 'scripts', 'build-if-needed.js'))) as {
    ensureBuilt(o: { quiet: boolean }): boolean;
  };
  ensureBuilt({ quiet: false });
}

const cli = path.join(root, 'bin', 'commonplace.js');

/** Makes the dataset with the command line (its progress on stderr); answers what it made. */
async function makeDataset(db: BenchDatabase, farm: FeedFarm | undefined): Promise<FakeData> {
  log(`  making the ${config.preset} dataset${farm ? ` with ${config.feeds} external feeds` : ''}…`);
  const extra = farm ? ['--external-feeds', String(config.feeds), '--feed-base', farm.base] : [];
  const out = await runNode([cli, 'fake-data', '--preset', config.preset, ...extra, '--json'], db.env, { showStderr: true });
  const data = JSON.parse(out.trim().split('\n').at(-1)!) as FakeData;
  log(`  made ${data.members} members, ${data.posts} posts, ${data.comments} comments in ${data.seconds} s`);
  return data;
}

/** The public post with the fewest visible comments at or above 50. */
async function postWithFiftyComments(db: BenchDatabase): Promise<Fixture['commentedPost']> {
  const [row] = await db.query(
    `select p.id as id, u.handle as handle, p.slug as slug, count(*) as n from comments c join posts p on c.subject_type = 'post' and p.id = c.subject_id join users u on u.id = p.author_id
     where p.status = 'published' and p.visibility = 'public' and c.status = 'visible' and c.deleted_at is null
     group by p.id, u.handle, p.slug having count(*) >= 50 order by count(*), p.slug limit 1`,
  );
  return row ? { id: String(row.id), handle: String(row.handle), slug: String(row.slug), comments: Number(row.n) } : null;
}

async function tokenFor(server: RunningServer, login: string | null): Promise<string | undefined> {
  if (!login) return undefined;
  const res = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'fake data member password', name: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`could not get a token for ${login}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Signs in through the sign-in form as a browser would; answers the cookies it was given (`a=b; c=d`). */
async function sessionCookieFor(server: RunningServer, login: string | null): Promise<string | undefined> {
  if (!login) return undefined;
  const res = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ login, password: 'fake data member password', next: '/' }),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (res.status !== 303 || cookies.length === 0) throw new Error(`could not sign in as ${login}: ${res.status}`);
  return cookies.join('; ');
}

/** Fetches a URL once and keeps its status, headers and bytes for the bare baseline to answer. */
async function capture(url: string, headers: Record<string, string>, file: string) {
  const res = await fetch(url, { headers: { ...headers, 'accept-encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  const kept: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding', 'date'].includes(k)) kept[k] = v;
  });
  fs.writeFileSync(file, JSON.stringify({ status: res.status, headers: kept, body: body.toString('base64') }));
  return { status: res.status, bytes: body.length };
}

async function benchPage(server: RunningServer, fixture: Fixture, bench: PageBenchmark, database: string, workDir: string) {
  const target = bench.path(fixture);
  const minRatio = database === 'postgres' ? (bench.minRatioPostgres ?? bench.minRatio) : bench.minRatio;
  const goal = minRatio ? `≥ ${Math.round(minRatio * 100)}% of bare, p99 ≤ ${bench.maxP99Ms} ms` : `p99 ≤ ${bench.maxP99Ms} ms`;
  if (typeof target !== 'string') {
    add({
      name: bench.name,
      figure: null,
      unit: 'req/s',
      baseline: null,
      ratio: null,
      target: goal,
      meets: null,
      database,
      detail: { skipped: target.skip },
    });
    return;
  }
  const token = bench.token?.(fixture);
  const cookie = bench.cookie?.(fixture);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : cookie ? { cookie } : {};
  const file = path.join(workDir, `page-${bench.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const marks = [performance.now()];
  const mark = () => marks.push(performance.now());
  const { status, bytes } = await capture(`${server.url}${target}`, headers, file);
  if (status !== 200) throw new Error(`${bench.name}: ${target} answered ${status}`);
  mark();
  const load = { connections, seconds: config.seconds, warmupSeconds: config.warmupSeconds };
  const ours = await runLoad({ ...load, url: `${server.url}${target}`, headers });
  mark();
  const baseline = await startBaseline(file);
  mark();
  const bare = await runLoad({ ...load, url: `${baseline.url}${target}` });
  mark();
  await baseline.stop();
  mark();
  if (process.env.BENCH_DEBUG)
    log(
      `    steps (ms): ${marks
        .slice(1)
        .map((m, i) => Math.round(m - marks[i]!))
        .join(' ')}`,
    );
  const ratio = round(ours.requestsPerSec / bare.requestsPerSec, 3);
  const clean = ours.responses > 0 && ours.errors === 0 && ours.timeouts === 0 && ours.non2xx === 0;
  add({
    name: bench.name,
    figure: Math.round(ours.requestsPerSec),
    unit: 'req/s',
    baseline: Math.round(bare.requestsPerSec),
    ratio,
    target: goal,
    meets: ratio >= minRatio && ours.p99 <= bench.maxP99Ms && clean,
    database,
    detail: {
      path: target,
      bytes,
      connections,
      signedIn: token ? 'bearer token' : cookie ? 'session cookie' : false,
      responses: ours.responses,
      p50Ms: ours.p50,
      p95Ms: ours.p95,
      p99Ms: ours.p99,
      maxMs: ours.max,
      errors: ours.errors,
      timeouts: ours.timeouts,
      non2xx: ours.non2xx,
      bareP99Ms: bare.p99,
      bareErrors: bare.errors + bare.timeouts + bare.non2xx,
      loadAverage: round(os.loadavg()[0] ?? 0, 2),
    },
  });
  log(`    p50 ${ours.p50} ms, p99 ${ours.p99} ms (bare p99 ${bare.p99} ms), ${bytes} bytes`);
}

/** The full cohort CSV, downloaded one at a time several times: median and slowest. */
async function benchCsv(server: RunningServer, fixture: Fixture, database: string) {
  const target = '≤ 1000 ms every run';
  if (!fixture.organiserToken || !fixture.data.programme) {
    add({
      name: 'cohort CSV, full download',
      figure: null,
      unit: 'ms',
      baseline: null,
      ratio: null,
      target,
      meets: null,
      database,
      detail: { skipped: 'the dataset has no programme organiser' },
    });
    return;
  }
  const url = `${server.url}/programmes/${fixture.data.programme.slug}/cohort.csv`;
  const times: number[] = [];
  let bytes = 0;
  let lines = 0;
  for (let i = 0; i < config.csvRuns + 1; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${fixture.organiserToken}` } });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`cohort.csv answered ${res.status}`);
    // The first download warms up and is not counted.
    if (i > 0) times.push(ms);
    bytes = Buffer.byteLength(text);
    lines = text.split('\n').filter(Boolean).length;
  }
  const slowest = Math.max(...times);
  add({
    name: 'cohort CSV, full download (median)',
    figure: round(median(times)),
    unit: 'ms',
    baseline: null,
    ratio: null,
    target,
    meets: slowest <= 1000,
    database,
    detail: {
      runs: times.length,
      maxMs: round(slowest),
      allMs: times.map((t) => round(t)),
      bytes,
      rows: lines - 1,
      participants: fixture.data.programme.participants,
    },
  });
}

/** Rotating queries from the fake vocabulary at a modest concurrency: exact p95 over every answer. */
async function benchSearch(server: RunningServer, fixture: Fixture, database: string) {
  const token = fixture.participantToken;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const paths = searchQueries.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`);
  let hits = 0;
  for (const p of paths) {
    const res = await fetch(`${server.url}${p}`, { headers });
    if (res.status !== 200) throw new Error(`search ${p} answered ${res.status}: ${await res.text()}`);
    hits += ((await res.json()) as { items: unknown[] }).items.length;
  }
  const result = await runLoad({
    url: `${server.url}/`,
    paths,
    headers,
    connections: searchConnections,
    seconds: config.seconds,
    warmupSeconds: config.warmupSeconds,
  });
  add({
    name: `search, ${searchQueries.length} rotating queries (p95)`,
    figure: result.p95,
    unit: 'ms',
    baseline: null,
    ratio: null,
    target: `p95 ≤ 50 ms at ${searchConnections} connections`,
    meets: result.responses > 0 && result.p95 <= 50 && result.errors === 0 && result.non2xx === 0,
    database,
    detail: {
      connections: searchConnections,
      signedIn: Boolean(token),
      responses: result.responses,
      requestsPerSec: result.requestsPerSec,
      p50Ms: result.p50,
      p99Ms: result.p99,
      maxMs: result.max,
      averageHits: round(hits / paths.length, 1),
      errors: result.errors,
      non2xx: result.non2xx,
      posts: fixture.data.posts,
    },
  });
}

/** Readers and writers at once for minutes (bench/mixed.ts): throughput, p99 and the server's memory. */
async function benchMixed(server: RunningServer, fixture: Fixture, db: BenchDatabase, database: string) {
  // Eight long-standing members other than the participant and organiser: no comment of theirs is
  // held as a first-timer's would be, and none of them meets the comment rate limit (10 in 10 minutes).
  const writers = (
    await db.query('select handle from users where handle <> ? and handle <> ? order by created_at, handle limit 8', [
      fixture.data.participant ?? '',
      fixture.data.organiser ?? '',
    ])
  ).map((r) => String(r.handle));
  const writerTokens: string[] = [];
  for (const h of writers) writerTokens.push((await tokenFor(server, h))!);
  const minutes = round(config.mixedSeconds / 60, 1);
  log(`  mixed read/write load for ${config.mixedSeconds} s…`);
  const result = await runMixed(server, fixture, writerTokens, { seconds: config.mixedSeconds, warmupSeconds: config.warmupSeconds });
  const base = { baseline: null, ratio: null, target: 'none (report)', meets: null, database };
  if ('skip' in result) {
    add({ ...base, name: 'mixed read/write', figure: null, unit: 'req/s', detail: { skipped: result.skip } });
    return;
  }
  const reader = (r: typeof result.signedIn, connections: number, extra: Record<string, unknown> = {}) => ({
    connections,
    p50Ms: r.p50,
    p95Ms: r.p95,
    p99Ms: r.p99,
    maxMs: r.max,
    responses: r.responses,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    loadAverage: round(os.loadavg()[0] ?? 0, 2),
    ...extra,
  });
  const writes = { ...result.writes, perMinute: WRITES_PER_MINUTE, writers: writerTokens.length };
  add({
    ...base,
    name: `mixed ${minutes} min: anonymous post page, 8 connections`,
    figure: Math.round(result.anonymousPost.requestsPerSec),
    unit: 'req/s',
    detail: reader(result.anonymousPost, 8, { writes }),
  });
  log(`    p99 ${result.anonymousPost.p99} ms; writes ${JSON.stringify(writes)}`);
  add({
    ...base,
    name: `mixed ${minutes} min: anonymous programme page, 8 connections`,
    figure: Math.round(result.anonymousProgramme.requestsPerSec),
    unit: 'req/s',
    detail: reader(result.anonymousProgramme, 8),
  });
  log(`    p99 ${result.anonymousProgramme.p99} ms`);
  add({
    ...base,
    name: `mixed ${minutes} min: signed-in readers, 4 connections`,
    figure: Math.round(result.signedIn.requestsPerSec),
    unit: 'req/s',
    detail: reader(result.signedIn, 4, { paths: result.signedInPaths }),
  });
  log(`    p99 ${result.signedIn.p99} ms`);
  add({
    ...base,
    name: `mixed ${minutes} min: server memory, peak`,
    figure: result.memoryMb.peak,
    unit: 'MB',
    detail: { ...result.memoryMb, sampledEverySeconds: 1 },
  });
  log(`    memory: ${result.memoryMb.start} MB at the start, ${result.memoryMb.peak} MB at the peak, ${result.memoryMb.end} MB at the end`);
}

async function benchFeeds(db: BenchDatabase, farm: FeedFarm, feeds: number, database: string) {
  const cycleDetail = (c: CycleResult) => ({
    feeds,
    checked: c.checked,
    notModified: c.notModified,
    withNewPosts: c.withNewPosts,
    failed: c.failed,
    added: c.added,
    updated: c.updated,
    peakMb: c.peakMb,
    farmAnswered: c.farm,
  });
  // First contact: nothing has been read yet, so every feed answers 200 and its one post is new.
  // Quick mode records the farm's validators in SQL instead (a changed feed's two posts are then both new).
  if (quick) {
    await primeValidators(db);
  } else {
    await makeFeedsDue(db);
    const first = await pollCycle(db, farm, feeds);
    add({
      name: 'feed poll: first contact (every post new)',
      figure: round(first.ms / 1000, 1),
      unit: 's',
      baseline: null,
      ratio: null,
      target: 'none (context)',
      meets: null,
      database,
      detail: cycleDetail(first),
    });
  }

  const changed = await farm.change(5);
  await makeFeedsDue(db);
  const cycle = await pollCycle(db, farm, feeds);
  const complete = cycle.checked === feeds && cycle.failed === 0;
  add({
    name: 'feed poll: 5% changed, cycle time',
    figure: round(cycle.ms / 1000, 1),
    unit: 's',
    baseline: null,
    ratio: null,
    target: '≤ 20 s',
    meets: cycle.ms <= 20_000 && complete,
    database,
    detail: { ...cycleDetail(cycle), changedAtFarm: changed, primedBy: quick ? 'validators set in SQL' : 'a first-contact cycle' },
  });
  add({
    name: 'feed poll: 5% changed, peak resident memory',
    figure: cycle.peakMb,
    unit: 'MB',
    baseline: null,
    ratio: null,
    target: '≤ 300 MB (VmHWM)',
    meets: cycle.peakMb <= 300,
    database,
  });

  await makeFeedsDue(db);
  const unchanged = await pollCycle(db, farm, feeds);
  const share304 = unchanged.farm.requests ? unchanged.farm.notModified / unchanged.farm.requests : 0;
  add({
    name: 'feed poll: all unchanged, cycle time',
    figure: round(unchanged.ms / 1000, 1),
    unit: 's',
    baseline: null,
    ratio: null,
    target: '≤ 5 s',
    meets: unchanged.ms <= 5000 && unchanged.checked === feeds,
    database,
    detail: cycleDetail(unchanged),
  });
  add({
    name: 'feed poll: all unchanged, answered 304',
    figure: round(share304 * 100, 2),
    unit: '%',
    baseline: null,
    ratio: null,
    target: '≥ 99%',
    meets: share304 >= 0.99,
    database,
    detail: { requests: unchanged.farm.requests, notModified: unchanged.farm.notModified },
  });
}

async function benchImport(db: BenchDatabase, data: FakeData, database: string) {
  const member = data.handles[1] ?? data.handles[0];
  const target = '≤ 20 s';
  const name = `WordPress import, ${config.importPosts} posts + ${config.importComments} comments`;
  if (!member) {
    add({
      name,
      figure: null,
      unit: 's',
      baseline: null,
      ratio: null,
      target,
      meets: null,
      database,
      detail: { skipped: 'the dataset has no member' },
    });
    return;
  }
  const file = path.join(db.dataDir, 'bench-wordpress.xml');
  const size = await writeWxr(file, { posts: config.importPosts, comments: config.importComments });
  const started = performance.now();
  const out = await runNode([cli, 'import', file, '--member', member], db.env);
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(file, { force: true });
  add({
    name,
    figure: round(seconds, 1),
    unit: 's',
    baseline: null,
    ratio: null,
    target,
    meets: seconds <= 20,
    database,
    detail: { fileMb: round(size / 2 ** 20, 1), summary: out.trim() },
  });
}

/** The server's CPU profile in brief: the functions with the most self time. */
function printProfile(dir: string, kind: string) {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) {
    log(`  no CPU profile was written in ${dir} (the server must exit cleanly)`);
    return;
  }
  const { totalMs, lines, shares } = summariseProfile(path.join(dir, file));
  log(`\n  CPU profile of the ${kind} server (${path.relative(root, path.join(dir, file))}, ${totalMs} ms):`);
  log(
    `  busy time: ${shares.ours}% our code, ${shares.dependencies}% dependencies, ${shares.node}% Node, ${shares.gc}% GC (idle ${shares.idle}% of all)`,
  );
  for (const l of lines) log(`    ${String(l.share).padStart(5)}%  ${String(l.selfMs).padStart(6)} ms  ${l.fn}  ${l.where}`);
}

async function runOnDatabase(kind: DatabaseKind) {
  if (kind === 'postgres' && !postgresAdminUrl()) {
    log('\n== postgres skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it.');
    return;
  }
  log(`\n== ${kind}`);
  const db = await createBenchDatabase(kind);
  if (kind === 'postgres')
    postgresVersion = String((await db.query('select version() as v'))[0]?.v ?? '')
      .split(' ')
      .slice(0, 2)
      .join(' ');
  let farm: FeedFarm | undefined;
  let server: RunningServer | undefined;
  try {
    if (wants('feeds')) farm = await startFeedFarm(config.feeds);
    const data = await makeDataset(db, farm);
    datasets[kind] = data;
    if (farm) {
      await spreadFeeds(db, farm);
      // Not due while the server runs, so its scheduler stays off them until the poll benchmark.
      await makeFeedsDue(db, true);
    }

    const serverNeeded = (['start', 'pages', 'signed-in', 'dashboard', 'cohort', 'csv', 'search', 'mixed'] as const).some(wants);
    if (serverNeeded) {
      const profileDir = path.join(root, 'bench', 'results', 'profiles', kind);
      if (args.profile) fs.rmSync(profileDir, { recursive: true, force: true });
      server = await startCommonplace(db.env, args.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
      await new Promise((r) => setTimeout(r, config.idleWaitMs));
      const idle = residentMb(server.child.pid!);
      if (wants('start')) {
        add({
          name: 'start to /healthz (built, with the dataset)',
          figure: server.startMs,
          unit: 'ms',
          baseline: null,
          ratio: null,
          target: '≤ 1000 ms',
          meets: server.startMs <= 1000,
          database: kind,
        });
        add({
          name: 'idle resident memory',
          figure: idle,
          unit: 'MB',
          baseline: null,
          ratio: null,
          target: '≤ 120 MB',
          meets: idle <= 120,
          database: kind,
          detail: { afterMs: config.idleWaitMs },
        });
      }
      const fixture: Fixture = {
        data,
        commentedPost: await postWithFiftyComments(db),
        participantToken: await tokenFor(server, data.participant),
        organiserToken: await tokenFor(server, data.organiser),
        participantCookie: await sessionCookieFor(server, data.participant),
      };
      datasets[kind] = { ...data, commentedPost: fixture.commentedPost };
      for (const bench of pageBenchmarks) if (wants(bench.group)) await benchPage(server, fixture, bench, kind, db.dataDir);
      if (wants('csv')) await benchCsv(server, fixture, kind);
      if (wants('search')) await benchSearch(server, fixture, kind);
      if (wants('mixed')) await benchMixed(server, fixture, db, kind);
      await server.stop();
      server = undefined;
      if (args.profile) printProfile(profileDir, kind);
    }
    if (farm) await benchFeeds(db, farm, data.externalFeeds, kind);
    if (wants('import')) await benchImport(db, data, kind);
    if (wants('nudge')) add(await benchNudge(db.env, kind));
  } finally {
    await server?.stop();
    await farm?.stop();
    await db.dispose();
  }
}

/** `npm ci` from an empty cache in a scratch directory: how long, and whether anything compiled. */
function benchNpmCi() {
  const name = '`npm ci` on an empty cache';
  if (quick) {
    add({
      name,
      figure: null,
      unit: 's',
      baseline: null,
      ratio: null,
      target: 'no native compile',
      meets: null,
      database: '-',
      detail: { skipped: 'quick mode (it downloads every package)' },
    });
    return;
  }
  log('\n== npm ci');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-bench-npm-ci-'));
  try {
    fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    const npm = process.env.npm_execpath;
    const command = npm ? process.execPath : 'npm';
    const started = performance.now();
    const result = spawnSync(
      command,
      [...(npm ? [npm] : []), 'ci', '--cache', path.join(dir, '.npm-cache'), '--no-audit', '--no-fund', '--foreground-scripts'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    const seconds = (performance.now() - started) / 1000;
    const output = `${result.stdout}\n${result.stderr}`;
    const compiled = /node-gyp|gyp info|gyp ERR|\bmake(\[\d+\])?:|\bCXX\(|\bcc1plus\b|\bg\+\+ /.test(output);
    const ok = result.status === 0;
    add({
      name,
      figure: ok ? round(seconds, 1) : null,
      unit: 's',
      baseline: null,
      ratio: null,
      target: 'no native compile; say how long',
      meets: ok ? !compiled : false,
      database: '-',
      detail: { nativeCompile: compiled, exit: result.status, lastLines: output.trim().split('\n').slice(-3) },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function machine() {
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }).toString().trim() !== '';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    dirty,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    postgres: postgresVersion,
    quick,
    config: {
      ...config,
      connections,
      searchConnections,
      loadGenerator: 'wrk -t1 (Debian package), separate warm-up run',
      farmHosts: FARM_HOSTS,
      serverNodeFlags: startFlags(),
    },
  };
}

function printTable() {
  const header = ['benchmark', 'db', 'figure', 'baseline', 'ratio', 'target', 'meets'];
  const lines = rows.map((r) => [
    r.name,
    r.database,
    r.figure === null ? (r.detail?.notBuilt ? 'not built' : r.detail?.skipped ? 'skipped' : 'n/a') : `${r.figure} ${r.unit}`,
    r.baseline === null ? '' : `${r.baseline} ${r.unit}`,
    r.ratio === null ? '' : `${Math.round(r.ratio * 100)}%`,
    r.target,
    r.meets === null ? '' : r.meets ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}

await build();
if (args.database && !['sqlite', 'postgres'].includes(args.database)) throw new Error('--database must be sqlite or postgres');
const databases: DatabaseKind[] = args.database ? [args.database as DatabaseKind] : ['sqlite', 'postgres'];
ensureWrk();
for (const kind of databases) await runOnDatabase(kind);
if (wants('npm-ci')) benchNpmCi();
if (wants('export')) {
  add({
    name: 'export archive (1,000 posts, 5,000 comments, 50 MB uploads)',
    figure: null,
    unit: 's',
    baseline: null,
    ratio: null,
    target: '≤ 10 s',
    meets: null,
    database: '-',
    detail: { notBuilt: 'export is not built yet: no figure' },
  });
}
printTable();
const resultsDir = path.join(root, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(
  path.join(resultsDir, 'latest.json'),
  JSON.stringify({ machine: machine(), datasets, seconds: round((performance.now() - startedAt) / 1000), results: rows }, null, 2),
);
process.stdout.write(`\nWrote bench/results/latest.json (${rows.length} figures) in ${round((performance.now() - startedAt) / 1000)} s.\n`);
