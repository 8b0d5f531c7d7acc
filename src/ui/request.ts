import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { Account } from '../viewer.ts';
import type { AppEnv } from './env.ts';

/** Pages that need a signed-in person send others to sign in and come back. */
export const requireSignedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('viewer')) {
    const url = new URL(c.req.url);
    return c.redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  await next();
};

/** The signed-in person, or a 401 for API callers. */
export function viewerOrThrow(c: Context<AppEnv>): Account {
  const viewer = c.get('viewer');
  if (!viewer) throw new AppError('unauthorized', 'Sign in, or send an API token as `Authorization: Bearer <token>`.');
  return viewer;
}

/**
 * Tells the page cache what this page shows (tags built with cache/tags.ts), so that only a write
 * to one of those drops it; a page that declares nothing is dropped by any write.
 */
export function pageShows(c: Context<AppEnv>, ...tags: Array<string | null | undefined>): void {
  let declared = c.get('pageTags');
  if (!declared) c.set('pageTags', (declared = new Set()));
  for (const tag of tags) if (tag) declared.add(tag);
}

/** A `next` address that stays on this site. */
export function safeNext(next: string | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The address of the person asking; forwarded headers count only behind a trusted proxy. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
