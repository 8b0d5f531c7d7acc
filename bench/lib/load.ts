// The load generator, run as its own long-lived process so it never shares a CPU queue with the
// server's event loop: one JSON LoadOptions a line on stdin, one JSON LoadResult a line on stdout.
// autocannon drives the connections; every response's time is kept here, so p50/p95/p99 are exact
// nearest-rank percentiles over all responses (autocannon's own summary has p97.5, not p95, and counts
// only 2xx answers).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Load before the measured seconds whose answers are not counted (JIT, caches, connections). */
  readonly warmupSeconds: number;
  readonly headers?: Record<string, string>;
  /** Paths to ask for in turn (shared across connections); without them, the URL's own path. */
  readonly paths?: readonly string[];
}

export interface LoadResult {
  readonly requestsPerSec: number;
  readonly responses: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statuses: Record<string, number>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: 'done', listener: (result: { duration: number; errors: number; timeouts: number }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  timeout?: number;
  sampleInt?: number;
}) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * One autocannon run of warm-up + measured seconds under continuous load; only responses that arrive
 * after the warm-up count, so no abandoned warm-up requests queue up in front of the measured ones.
 */
function run(options: LoadOptions): Promise<LoadResult> {
  let turn = 0;
  const paths = options.paths;
  const requests = paths?.length
    ? [{ setupRequest: (req: AutocannonRequest) => ({ ...req, path: paths[turn++ % paths.length]! }) }]
    : undefined;
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  const started = performance.now();
  const countFrom = started + options.warmupSeconds * 1000;
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.warmupSeconds + options.seconds,
      headers: options.headers,
      requests,
      timeout: 10,
      // Ends within 0.1 s of the duration (at the default 1 s sampling it rounds up to a whole second).
      sampleInt: 100,
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (performance.now() < countFrom) return;
      times.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode > 299) non2xx++;
    });
    instance.on('error', reject);
    instance.on('done', (result) => {
      const measured = Math.max(0.001, (performance.now() - countFrom) / 1000);
      times.sort((a, b) => a - b);
      const at = (q: number) =>
        times.length ? Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 100) / 100 : 0;
      resolve({
        requestsPerSec: Math.round((times.length / measured) * 10) / 10,
        responses: times.length,
        seconds: Math.round(measured * 100) / 100,
        p50: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
        max: at(1),
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx,
        statuses,
      });
    });
  });
}

// One JSON LoadOptions a line on stdin → one JSON LoadResult (or {"error"}) a line on stdout.
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    process.stdout.write(`${JSON.stringify(await run(JSON.parse(line) as LoadOptions))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`);
  }
}
