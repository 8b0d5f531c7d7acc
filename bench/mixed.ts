// The mixed read/write benchmark (issue 11): anonymous and signed-in readers at once while members
// write through the API, as a busy afternoon would. Two wrk readers (8 connections each) on a post
// page and the programme page anonymously, one wrk of 4 signed-in readers going round the signed-in
// pages, and about 8 writes a minute (comments on the read post, new public posts), spread over
// several members so no write meets a rate limit. The server's memory is sampled every second.
import type { Fixture } from './pages.ts';
import { residentMb, type RunningServer } from './lib/processes.ts';
import { runLoad, type LoadResult } from './lib/wrk.ts';

export interface MixedResult {
  readonly seconds: number;
  readonly anonymousPost: LoadResult;
  readonly anonymousProgramme: LoadResult;
  readonly signedIn: LoadResult;
  readonly signedInPaths: readonly string[];
  readonly writes: { readonly comments: number; readonly posts: number; readonly failed: number; readonly slowestMs: number };
  readonly memoryMb: { readonly start: number; readonly peak: number; readonly end: number };
}

export const WRITES_PER_MINUTE = 8;

export async function runMixed(
  server: RunningServer,
  fixture: Fixture,
  writerTokens: readonly string[],
  options: { seconds: number; warmupSeconds: number },
): Promise<MixedResult | { skip: string }> {
  const post = fixture.commentedPost;
  const programme = fixture.data.programme;
  if (!post || !programme || !fixture.participantCookie || writerTokens.length === 0)
    return { skip: 'the dataset lacks a commented post, a programme, a participant or writers' };
  const postPath = `/@${post.handle}/${post.slug}`;
  const programmePath = `/programmes/${programme.slug}`;
  const signedInPaths = [postPath, programmePath, '/'];
  const pid = server.child.pid!;

  const start = residentMb(pid);
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentMb(pid));
  }, 1000);

  const writes = { comments: 0, posts: 0, failed: 0, slowestMs: 0 };
  let turn = 0;
  const write = async () => {
    const token = writerTokens[turn % writerTokens.length]!;
    const comment = turn % 2 === 0;
    turn++;
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/${comment ? `posts/${post.id}/comments` : 'posts'}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        comment
          ? { body: `A comment written during the mixed benchmark, number ${turn}, with a **bold** word.` }
          : {
              title: `Mixed benchmark post ${turn}`,
              body: `A post written during the mixed benchmark.\n\nIt has *two* paragraphs, number ${turn}.`,
              status: 'published',
              visibility: 'public',
            },
      ),
    }).catch(() => undefined);
    await res?.arrayBuffer();
    writes.slowestMs = Math.max(writes.slowestMs, Math.round(performance.now() - started));
    if (res?.status !== 201) writes.failed++;
    else if (comment) writes.comments++;
    else writes.posts++;
  };
  const writer = setInterval(() => void write(), 60_000 / WRITES_PER_MINUTE);

  const load = { connections: 8, seconds: options.seconds, warmupSeconds: options.warmupSeconds };
  try {
    const [anonymousPost, anonymousProgramme, signedIn] = await Promise.all([
      runLoad({ ...load, url: `${server.url}${postPath}` }),
      runLoad({ ...load, url: `${server.url}${programmePath}` }),
      runLoad({ ...load, connections: 4, url: `${server.url}/`, paths: signedInPaths, headers: { cookie: fixture.participantCookie } }),
    ]);
    return {
      seconds: options.seconds,
      anonymousPost,
      anonymousProgramme,
      signedIn,
      signedInPaths,
      writes,
      memoryMb: { start, peak: Math.max(peak, residentMb(pid)), end: residentMb(pid) },
    };
  } finally {
    clearInterval(writer);
    clearInterval(sampler);
  }
}
