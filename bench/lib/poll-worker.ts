// One feed-poll cycle with the real polling code, built (dist/), in a process of its own so its peak
// resident memory is its own: `node poll-worker.ts <limit>` with DATABASE_URL, DATA_DIR and
// FEED_ALLOW_PRIVATE set. Prints one JSON line: the cycle's totals, its time and the peak RSS.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Boot from '../../src/boot.ts';
import type * as ConfigModule from '../../src/config.ts';
import type * as Poll from '../../src/external-blogs/poll.ts';

const dist = path.resolve(import.meta.dirname, '..', '..', 'dist', 'src');
const load = <T>(file: string) => import(pathToFileURL(path.join(dist, file)).href) as Promise<T>;
const { createContext } = await load<typeof Boot>('boot.js');
const { loadConfig } = await load<typeof ConfigModule>('config.js');
const { pollDueFeeds } = await load<typeof Poll>('external-blogs/poll.js');

const limit = Number(process.argv[2] ?? 2000);
const ctx = await createContext(loadConfig());
try {
  const started = performance.now();
  const totals = await pollDueFeeds(ctx, { limit });
  const ms = Math.round(performance.now() - started);
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const peakMb = Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 102.4) / 10;
  process.stdout.write(`${JSON.stringify({ ...totals, ms, peakMb })}\n`);
} finally {
  await ctx.db.close();
}
