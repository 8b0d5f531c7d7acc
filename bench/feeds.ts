// The feed-poll benchmark: a local farm (bench/lib/feed-farm.ts) serves the external blogs fake-data
// registered; the real polling code (pollDueFeeds, built) runs one cycle at a time in its own process
// (bench/lib/poll-worker.ts), so its time and peak resident memory are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { BenchDatabase } from './lib/database.ts';
import { farmHost, farmValidators } from './lib/feed-farm.ts';
import { root, runNode, startFlags, stopChild } from './lib/processes.ts';
import type { PollCycleResult } from '../src/external-blogs/poll.ts';

/** Loopback hosts the feeds are spread over, as real blogs live on many hosts. */
export const FARM_HOSTS = 50;

export interface FeedFarm {
  readonly port: number;
  /** The base fake-data registers feeds under (127.0.0.1); see spreadFeeds. */
  readonly base: string;
  /** Gives `percent` of the feeds one new post; answers how many changed. */
  change(percent: number): Promise<number>;
  /** Answers since the last call: requests, 200s, 304s, anything else. */
  stats(): Promise<{ requests: number; ok: number; notModified: number; other: number }>;
  stop(): Promise<void>;
}

export async function startFeedFarm(feeds: number): Promise<FeedFarm> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'bench', 'lib', 'feed-farm.ts'), String(feeds), String(FARM_HOSTS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const ready = await Promise.race([
    next(),
    new Promise<string>((_, reject) => child.once('exit', (code) => reject(new Error(`the feed farm exited (${code})`)))),
  ]);
  const port = Number(/^ready (\d+)$/.exec(ready)?.[1]);
  const ask = async (command: string) => {
    const answer = next();
    child.stdin!.write(`${command}\n`);
    return answer;
  };
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    async change(percent) {
      return Number((await ask(`change ${percent}`)).split(' ')[1]);
    },
    async stats() {
      const [, requests, ok, notModified, other] = (await ask('stats')).split(' ').map(Number);
      return { requests: requests!, ok: ok!, notModified: notModified!, other: other! };
    },
    async stop() {
      child.stdin!.end();
      await stopChild(child);
    },
  };
}

/**
 * Moves each registered feed from 127.0.0.1 to its own farm host (feed i → 127.0.1.(i mod 50 + 1)),
 * so the poller's per-host cap works as it would over many real blogs rather than throttling all
 * 10,000 feeds to 2 at a time on one host.
 */
export async function spreadFeeds(db: BenchDatabase, farm: FeedFarm): Promise<void> {
  const rows = await db.query('select id, feed_url from external_blogs');
  const byHost = new Map<string, string[]>();
  for (const row of rows) {
    const id = Number(/\/feeds\/(\d+)\.xml$/.exec(String(row.feed_url))?.[1] ?? -1);
    if (id < 0) continue;
    const host = farmHost(id, FARM_HOSTS);
    byHost.set(host, [...(byHost.get(host) ?? []), String(row.id)]);
  }
  for (const [host, ids] of byHost) {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      await db.query(`update external_blogs set feed_url = replace(feed_url, ?, ?) where id in (${batch.map(() => '?').join(',')})`, [
        `//127.0.0.1:${farm.port}/`,
        `//${host}:${farm.port}/`,
        ...batch,
      ]);
    }
  }
}

/**
 * Records the farm's first validators on every feed as if a first poll had already read them (but
 * without their posts): quick mode's stand-in for the first-contact cycle, which it cannot afford.
 */
export async function primeValidators(db: BenchDatabase): Promise<void> {
  const { etag, lastModified } = farmValidators(0);
  await db.query('update external_blogs set etag = ?, last_modified = ?', [etag, lastModified]);
}

/** Makes every feed due now (or, with `later`, not due for a year: keeps the server's scheduler off them). */
export async function makeFeedsDue(db: BenchDatabase, later = false): Promise<void> {
  const at = new Date(Date.now() + (later ? 365 * 86_400_000 : -1000)).toISOString();
  await db.query('update external_blogs set next_check_at = ?', [at]);
}

/** What one poll cycle did (the poller's own counts), how long it took, its peak memory and what the farm answered. */
export type CycleResult = PollCycleResult & {
  readonly ms: number;
  readonly peakMb: number;
  readonly farm: { requests: number; ok: number; notModified: number; other: number };
};

/**
 * One cycle over every due feed (limit = all of them), in a fresh process with the Node flags of
 * `npm start`, since the scheduled poll runs inside the server.
 */
export async function pollCycle(db: BenchDatabase, farm: FeedFarm, feeds: number): Promise<CycleResult> {
  await farm.stats();
  const out = await runNode([...startFlags(), path.join(root, 'bench', 'lib', 'poll-worker.ts'), String(feeds)], {
    ...db.env,
    FEED_ALLOW_PRIVATE: '127.0.0.0/8',
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as Omit<CycleResult, 'farm'>;
  return { ...result, farm: await farm.stats() };
}
