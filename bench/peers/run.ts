// npm run bench:peers [-- --seconds 10] [-- --warmup 2]
// A peer, side by side: WordPress (Debian's packages, nginx, PHP-FPM with opcache, MariaDB) and
// Commonplace (built, SQLite) serve the same content — a post with 50 comments and a blog home of
// 20 posts — under the same load, each page also against a bare node:http server answering its
// exact bytes. Writes bench/results/peers.json. Not part of CI: it installs system packages.
// Every request goes to 127.0.0.1.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root, startBaseline, startCommonplace } from '../lib/processes.ts';
import { captureAnswer } from './capture.ts';
import { fillCommonplace } from './commonplace.ts';
import { runPeerLoad, type PeerLoad } from './load.ts';
import { peerContent, type PeerContent } from './content.ts';
import { cleanLeftovers, ensureMariaDb, ensurePackages, startWordPress } from './wordpress.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' } } });
const seconds = Number(args.seconds);
const warmupSeconds = Number(args.warmup);
const connections = 32;
/** Long enough that a slow page is measured, not dropped (see load.ts). */
const timeoutSeconds = 60;

type PageKind = 'post' | 'home';

interface Row {
  server: string;
  page: PageKind;
  url: string;
  bytes: number;
  requestsPerSec: number;
  answers: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bareRequestsPerSec: number;
  bareP99Ms: number;
  ratioToBare: number;
  /** Commonplace rows: its req/s over WordPress' for the same page. */
  ratioToWordPress: number | null;
}
const rows: Row[] = [];

function log(text: string) {
  process.stderr.write(`${text}\n`);
}

const round = (n: number, places = 3) => Math.round(n * 10 ** places) / 10 ** places;

/** The page shows the benchmark's content: all 50 comments, or all 20 titles. */
function checkContent(page: PageKind, html: string, content: PeerContent, server: string) {
  const decoded = html.replaceAll('&#8217;', '’').replaceAll('&#039;', "'").replaceAll('&#39;', "'");
  const wanted = page === 'post' ? content.comments.map((c) => `${c.text.split('.')[0]!}.`) : content.posts.map((p) => p.title);
  const missing = wanted.filter((w) => !decoded.includes(w));
  if (missing.length > 0) throw new Error(`${server} ${page} page lacks ${missing.length} of ${wanted.length} items, e.g. “${missing[0]}”`);
}

async function load(url: string, settle?: () => Promise<void>): Promise<PeerLoad> {
  if (warmupSeconds > 0) {
    await runPeerLoad(url, { connections, seconds: warmupSeconds, timeoutSeconds });
    await settle?.();
  }
  const result = await runPeerLoad(url, { connections, seconds, timeoutSeconds });
  await settle?.();
  return result;
}

/**
 * `settle` waits until the server has finished what the load left queued (PHP-FPM goes on with
 * requests whose clients have gone), so the next run does not share the CPU with them.
 */
async function measure(server: string, page: PageKind, origin: string, urlPath: string, workDir: string, settle?: () => Promise<void>) {
  const file = path.join(workDir, `${server.replace(/[^a-z0-9]+/gi, '-')}-${page}.json`);
  const captured = await captureAnswer(`${origin}${urlPath}`, file);
  if (captured.status !== 200) throw new Error(`${server} ${urlPath} answered ${captured.status}`);
  checkContent(page, captured.html, content, server);
  const ours = await load(`${origin}${urlPath}`, settle);
  const baseline = await startBaseline(file);
  let bare: PeerLoad;
  try {
    bare = await load(`${baseline.url}${urlPath}`);
  } finally {
    await baseline.stop();
  }
  const row: Row = {
    server,
    page,
    url: urlPath,
    bytes: captured.bytes,
    requestsPerSec: round(ours.requestsPerSec, 1),
    answers: ours.answers,
    p50Ms: ours.p50,
    p99Ms: ours.p99,
    errors: ours.errors,
    timeouts: ours.timeouts,
    non2xx: ours.non2xx,
    bareRequestsPerSec: Math.round(bare.requestsPerSec),
    bareP99Ms: bare.p99,
    ratioToBare: round(ours.requestsPerSec / bare.requestsPerSec),
    ratioToWordPress: null,
  };
  const wordpress = rows.find((r) => r.server === 'WordPress' && r.page === page);
  if (wordpress && wordpress.requestsPerSec > 0 && server !== 'WordPress')
    row.ratioToWordPress = round(ours.requestsPerSec / wordpress.requestsPerSec, 2);
  rows.push(row);
  log(
    `  ${server} ${page}: ${row.requestsPerSec} req/s (p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms), bare ${row.bareRequestsPerSec} req/s → ${round(row.ratioToBare * 100, 1)}% of bare, ${row.errors + row.non2xx} errors`,
  );
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((n) => round(n, 2)),
  };
}

function printTable() {
  const header = ['page', 'server', 'req/s', 'p50 ms', 'p99 ms', 'bare req/s', 'of bare', 'vs WordPress', 'bytes', 'errors'];
  const lines = rows.map((r) => [
    r.page,
    r.server,
    String(r.requestsPerSec),
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.bareRequestsPerSec),
    `${round(r.ratioToBare * 100, 1)}%`,
    r.ratioToWordPress === null ? '' : `${r.ratioToWordPress}×`,
    String(r.bytes),
    String(r.errors + r.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}

// Without SMTP_URL Commonplace writes mail to DATA_DIR/outbox; the default row is the build's default.
delete process.env.SMTP_URL;
delete process.env.PAGE_CACHE_SECONDS;

const content = peerContent();
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      log(`  cleaning up: ${(error as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: cleaning up…`);
    void cleanUp().then(() => process.exit(130));
  });
}

const configuration: Record<string, unknown> = {};
const loadAtStart = os.loadavg().map((n) => round(n, 2));
try {
  log('== building Commonplace');
  const { ensureBuilt } = (await import(path.join(root, 'scripts', 'build-if-needed.js'))) as {
    ensureBuilt(o: { quiet: boolean }): boolean;
  };
  ensureBuilt({ quiet: false });

  log('== WordPress');
  ensurePackages(['wordpress', 'php-fpm', 'php-mysql', 'nginx'], log);
  cleanLeftovers(log);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-peers-work-'));
  cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));
  const mariadb = ensureMariaDb(log);
  cleanups.push(() => mariadb.stopIfStarted());
  const wordpress = await startWordPress(content, mariadb.socket, log);
  cleanups.push(() => wordpress.stop());
  try {
    await measure('WordPress', 'post', wordpress.origin, wordpress.postPath, workDir, wordpress.settle);
    await measure('WordPress', 'home', wordpress.origin, wordpress.frontPath, workDir, wordpress.settle);
    configuration.wordpress = {
      version: wordpress.version,
      theme: wordpress.theme,
      php: wordpress.phpVersion,
      nginx: wordpress.nginxVersion,
      mariadb: mariadb.version,
      fpm: `pm=static, ${wordpress.fpmChildren} children on a unix socket`,
      nginxWorkers: wordpress.nginxWorkers,
      opcache: await wordpress.opcache(),
      pageCache: 'none (no plugins, WP_CACHE false)',
      objectCache: 'none (no persistent object cache)',
      cron: 'DISABLE_WP_CRON (no pseudo-cron request per page)',
      permalinks: '/%postname%/',
    };
  } finally {
    await wordpress.stop();
    cleanups.pop();
  }

  log('== Commonplace');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-peers-data-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'commonplace.db')}` };
  let paths: { postPath: string; homePath: string } | undefined;
  for (const pageCache of ['default', 'off'] as const) {
    const server = await startCommonplace(pageCache === 'off' ? { ...env, PAGE_CACHE_SECONDS: '0' } : env);
    try {
      paths ??= await fillCommonplace(server.url, content);
      const name = pageCache === 'off' ? 'Commonplace (no page cache)' : 'Commonplace (page cache, 2 s)';
      await measure(name, 'post', server.url, paths.postPath, workDir);
      await measure(name, 'home', server.url, paths.homePath, workDir);
    } finally {
      await server.stop();
    }
  }
  configuration.commonplace = {
    database: 'SQLite (node:sqlite), a fresh DATA_DIR',
    process: 'one Node process (built dist/), LOG_LEVEL=warn',
    pageCache:
      'one row with the default anonymous page cache (PAGE_CACHE_SECONDS=2, dropped on any write), one with PAGE_CACHE_SECONDS=0 (off), like WordPress without a caching plugin',
  };
} finally {
  await cleanUp();
}

printTable();
const notes = [
  `${connections} connections, ${seconds} s per run after a ${warmupSeconds} s warm-up, wrk -t1 in its own process with a ${timeoutSeconds} s request timeout, all on 127.0.0.1; req/s is answers over the run's length.`,
  'Each page is also served by a bare node:http server answering its exact captured bytes; "of bare" is req/s over that.',
  'Neither side has a page cache unless the Commonplace default row says so (see configuration.commonplace.pageCache).',
];
const resultsDir = path.join(root, 'bench', 'results');
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(
  path.join(resultsDir, 'peers.json'),
  JSON.stringify(
    {
      machine: { ...machine(), loadAverageAtStart: loadAtStart, seconds, warmupSeconds, connections, timeoutSeconds },
      configuration,
      notes,
      results: rows,
    },
    null,
    2,
  ),
);
process.stdout.write(
  `\n${configuration.commonplace && (configuration.commonplace as { pageCache: string }).pageCache}\nWrote bench/results/peers.json (${rows.length} rows).\n`,
);
