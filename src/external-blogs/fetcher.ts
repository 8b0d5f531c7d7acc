import type { AppContext } from '../context.ts';
import { createSafeFetcher, type SafeFetcher } from '../net/safe-fetch.ts';

const fetchers = new WeakMap<AppContext, SafeFetcher>();

/** The guarded fetcher for feeds, one per context (its sockets are shared by every poll). */
export function feedFetcher(ctx: AppContext): SafeFetcher {
  let fetcher = fetchers.get(ctx);
  if (!fetcher) {
    fetcher = createSafeFetcher({
      allowPrivate: ctx.config.feedAllowPrivate,
      userAgent: `Commonplace feed reader (+${ctx.config.baseUrl}/about/feeds)`,
    });
    fetchers.set(ctx, fetcher);
  }
  return fetcher;
}

/** For tests and benchmarks: poll through a fetcher of their own. */
export function useFeedFetcher(ctx: AppContext, fetcher: SafeFetcher): void {
  fetchers.set(ctx, fetcher);
}
