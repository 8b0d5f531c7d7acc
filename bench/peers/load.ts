// The load for the peers benchmark: autocannon in its own process on loopback, as
// bench/lib/processes.ts runLoad, with two differences a slow peer needs. The request timeout is
// long (autocannon's 10 s default turns every answer of a page slower than that into an error and
// the page's throughput into 0), and req/s is the count of answers over the run's length rather
// than the mean of per-second samples, which rounds a few answers a second down to nothing.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from '../lib/processes.ts';

export interface PeerLoad {
  readonly requestsPerSec: number;
  readonly answers: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

export async function runPeerLoad(
  url: string,
  options: { connections: number; seconds: number; timeoutSeconds: number },
): Promise<PeerLoad> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load goes to 127.0.0.1 only, not ${url}`);
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  const args = ['-j', '-c', String(options.connections), '-d', String(options.seconds), '-t', String(options.timeoutSeconds), url];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.resume();
  await new Promise((resolve) => child.once('exit', resolve));
  const r = JSON.parse(out) as {
    requests: { total: number };
    latency: { p50: number; p99: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  };
  const answers = r['2xx'] + r.non2xx;
  return {
    requestsPerSec: answers / r.duration,
    answers,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}
