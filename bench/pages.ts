// The page benchmarks: each URL is loaded by wrk at 32 connections and compared with a bare node:http
// server answering the same bytes and headers under the same wrk in the same run. Grow this list as
// capabilities land.

import type { FakeDataResult } from '../src/dev-data/fake-data.ts';

/** What `commonplace fake-data --json` says about the dataset it made. */
export type FakeData = FakeDataResult & { readonly seconds: number };

export interface Fixture {
  readonly data: FakeData;
  /** The public post with the fewest comments at or above 50 (the dataset's busiest post has thousands). */
  readonly commentedPost: { readonly id: string; readonly handle: string; readonly slug: string; readonly comments: number } | null;
  /** Bearer tokens (accepted on every URL) of the dataset's participant and organiser. */
  readonly participantToken: string | undefined;
  readonly organiserToken: string | undefined;
  /** The participant's session cookie (`name=value`), as a member's browser sends it on every page. */
  readonly participantCookie: string | undefined;
}

export interface PageBenchmark {
  readonly name: string;
  /** Which `--only` group runs it. */
  readonly group: 'pages' | 'signed-in' | 'dashboard' | 'cohort';
  /** The path to load, or a reason it cannot run on this dataset. */
  path(fixture: Fixture): string | { skip: string };
  readonly token?: (fixture: Fixture) => string | undefined;
  readonly cookie?: (fixture: Fixture) => string | undefined;
  /** Throughput as a share of the bare baseline (0 where the issue sets only a latency target). */
  readonly minRatio: number;
  /** Where PostgreSQL's target differs (its server shares the two cores with ours). */
  readonly minRatioPostgres?: number;
  readonly maxP99Ms: number;
}

function pathOr<T>(value: T | null | undefined, what: string, make: (v: T) => string): string | { skip: string } {
  return value === null || value === undefined ? { skip: `the dataset has no ${what}` } : make(value);
}

const noParticipant = { skip: 'the dataset has no participant' };

export const pageBenchmarks: readonly PageBenchmark[] = [
  {
    name: 'post page with 50 comments (anonymous)',
    group: 'pages',
    path: (f) => pathOr(f.commentedPost, 'public post with 50 comments', (p) => `/@${p.handle}/${p.slug}`),
    minRatio: 0.35,
    maxP99Ms: 20,
  },
  {
    name: 'programme page (anonymous)',
    group: 'pages',
    path: (f) => pathOr(f.data.programme, 'programme', (p) => `/programmes/${p.slug}`),
    minRatio: 0.35,
    maxP99Ms: 20,
  },
  {
    name: 'Thing page (anonymous)',
    group: 'pages',
    path: (f) =>
      pathOr(
        f.data.programme && f.data.busiestThing ? { slug: f.data.programme.slug, n: f.data.busiestThing.number } : null,
        'busiest Thing',
        (t) => `/programmes/${t.slug}/things/${t.n}`,
      ),
    minRatio: 0.35,
    maxP99Ms: 20,
  },
  {
    name: 'member profile (anonymous)',
    group: 'pages',
    path: (f) => pathOr(f.data.profile, 'profile', (h) => `/@${h}`),
    minRatio: 0.35,
    maxP99Ms: 20,
  },
  // Signed-in pages (issue 11): a member's browser sends the session cookie, so none of these can
  // come from the anonymous page cache.
  {
    name: 'post page with 50 comments (signed-in participant)',
    group: 'signed-in',
    path: (f) =>
      f.participantCookie ? pathOr(f.commentedPost, 'public post with 50 comments', (p) => `/@${p.handle}/${p.slug}`) : noParticipant,
    cookie: (f) => f.participantCookie,
    minRatio: 0.25,
    minRatioPostgres: 0.2,
    maxP99Ms: 25,
  },
  {
    name: 'programme page (signed-in participant)',
    group: 'signed-in',
    path: (f) => (f.participantCookie ? pathOr(f.data.programme, 'programme', (p) => `/programmes/${p.slug}`) : noParticipant),
    cookie: (f) => f.participantCookie,
    minRatio: 0.25,
    minRatioPostgres: 0.2,
    maxP99Ms: 25,
  },
  {
    name: 'dashboard (signed-in participant)',
    group: 'dashboard',
    path: (f) => (f.participantCookie ? '/' : noParticipant),
    cookie: (f) => f.participantCookie,
    minRatio: 0.25,
    minRatioPostgres: 0.2,
    maxP99Ms: 25,
  },
  {
    name: 'cohort matrix, first page (organiser)',
    group: 'cohort',
    path: (f) =>
      f.organiserToken && f.data.programme
        ? `/programmes/${f.data.programme.slug}/cohort`
        : { skip: 'the dataset has no programme organiser' },
    token: (f) => f.organiserToken,
    minRatio: 0,
    maxP99Ms: 100,
  },
];

/** Rotating search queries: words and pairs from the fake-data vocabulary. */
export const searchQueries: readonly string[] = [
  'library',
  'catalogue',
  'reflection',
  'metadata',
  'mentor',
  'chartership',
  'archive',
  'network',
  'community',
  'evidence',
  'practice',
  'curiosity',
  'conference',
  'workshop',
  'advocacy',
  'teaching',
  'research',
  'career',
  'colleague',
  'journal',
  'library metadata',
  'mentor reflection',
  'catalogue record',
  'research skills',
  'community network',
  'privacy profile',
  'teaching practice',
  'conference workshop',
  'evidence based practice',
  'reading habit',
];
