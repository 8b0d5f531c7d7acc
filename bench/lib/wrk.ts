// The load generator for every throughput and latency figure: wrk (C, epoll), one thread, in its own
// process on loopback. It outruns the bare node:http baseline it is compared with, which a load
// generator written in JavaScript did not (bare post page 16,644 req/s under autocannon, 34,053 under
// wrk), so every ratio is Commonplace against bare under the same wrk. Percentiles are exact: wrk keeps
// every latency to the microsecond and bench/lib/wrk-report.lua prints them from its done() hook.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** Whole seconds (wrk takes no fractions). */
  readonly seconds: number;
  /** A separate wrk run before the measured one, not counted (JIT, caches, connections); 0 for none. */
  readonly warmupSeconds: number;
  readonly headers?: Record<string, string>;
  /** Paths to ask for in turn (shared across connections); without them, the URL's own path. */
  readonly paths?: readonly string[];
  /** Seconds before an unanswered request counts as a timeout (default 10). */
  readonly timeoutSeconds?: number;
}

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly responses: number;
  readonly seconds: number;
  /** Exact percentiles over every answer, in milliseconds. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Connect, read and write errors. */
  readonly errors: number;
  readonly timeouts: number;
  /** Answers with a status of 400 or more (wrk's own count). */
  readonly non2xx: number;
}

const script = path.join(import.meta.dirname, 'wrk-report.lua');
let wrkPath: string | undefined;

/** The wrk binary; installs Debian's package with apt-get when it is missing (as .ci/run does for chromium). */
export function ensureWrk(): string {
  if (wrkPath) return wrkPath;
  const find = () => {
    for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/bin')) {
      const candidate = path.join(dir, 'wrk');
      if (dir && fs.existsSync(candidate)) return candidate;
    }
    return undefined;
  };
  let found = find();
  if (!found) {
    process.stderr.write('  wrk is missing: installing Debian’s package…\n');
    // apt-get needs root: as root directly, otherwise through sudo without a password prompt.
    const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
    const run = (args: string[]) => {
      const command = [...prefix, ...args];
      execFileSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    };
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'wrk']);
    found = find();
    if (!found) throw new Error('wrk could not be installed; install Debian’s package `wrk` and run again');
  }
  wrkPath = found;
  return found;
}

interface WrkSummary {
  durationUs: number;
  requests: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One wrk process for `seconds`; answers its summary. */
export function wrkOnce(options: LoadOptions, seconds: number): Promise<WrkSummary> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(options.url)) throw new Error(`load goes to 127.0.0.1 only, not ${options.url}`);
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(seconds))}s`,
    `--timeout`,
    `${options.timeoutSeconds ?? 10}s`,
    '-s',
    script,
  ];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  args.push(options.url);
  const child = spawn(ensureWrk(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRK_PATHS: options.paths?.join('\n') ?? '' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = /^WRK-JSON (.*)$/m.exec(out)?.[1];
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}): ${(err || out).trim().slice(-500)}`));
      else resolve(JSON.parse(line) as WrkSummary);
    });
  });
}

const ms = (us: number) => Math.round(us / 10) / 100;

/** A warm-up run (not counted), a moment for what it left in flight, then the measured run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) {
    await wrkOnce(options, options.warmupSeconds);
    await new Promise((r) => setTimeout(r, 100));
  }
  const s = await wrkOnce(options, options.seconds);
  const seconds = s.durationUs / 1e6;
  return {
    requestsPerSec: Math.round((s.requests / seconds) * 10) / 10,
    responses: s.requests,
    seconds: Math.round(seconds * 100) / 100,
    p50: ms(s.p50),
    p95: ms(s.p95),
    p99: ms(s.p99),
    max: ms(s.max),
    errors: s.connect + s.read + s.write,
    timeouts: s.timeout,
    non2xx: s.status,
  };
}
