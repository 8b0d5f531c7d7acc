// The page benchmarks: each URL is loaded at 32 connections and compared with a bare node:http
// server answering the same bytes. Grow this list as capabilities land.

export interface Fixture {
  /** A bearer token of a signed-in member (bearer tokens are accepted on every URL). */
  readonly token: string;
  readonly handle: string;
}

export interface PageBenchmark {
  readonly name: string;
  url(fixture: Fixture): string | Promise<string>;
  readonly signedIn?: boolean;
  /** Throughput as a share of the bare baseline (0 where the issue sets only a latency target). */
  readonly minRatio: number;
  readonly maxP99Ms: number;
}

export const pageBenchmarks: readonly PageBenchmark[] = [
  { name: 'welcome page (anonymous)', url: () => '/', minRatio: 0.35, maxP99Ms: 20 },
  { name: 'sign-in page (anonymous)', url: () => '/sign-in', minRatio: 0.35, maxP99Ms: 20 },
  { name: 'dashboard (signed in)', url: () => '/', signedIn: true, minRatio: 0, maxP99Ms: 25 },
  { name: 'GET /api/v1/me (token)', url: () => '/api/v1/me', signedIn: true, minRatio: 0, maxP99Ms: 25 },
];
