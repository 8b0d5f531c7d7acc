// The load for the peers benchmark: wrk in its own process on loopback, as bench/lib/wrk.ts runs it
// for `npm run bench`, with a long request timeout: a slow peer's page must be measured, not turned
// into timeouts and a throughput of 0. req/s is the count of answers over the run's length.
import { runLoad } from '../lib/wrk.ts';

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
  const r = await runLoad({
    url,
    connections: options.connections,
    seconds: options.seconds,
    warmupSeconds: 0,
    timeoutSeconds: options.timeoutSeconds,
  });
  return {
    requestsPerSec: r.requestsPerSec,
    answers: r.responses,
    p50: r.p50,
    p99: r.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}
