import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { accountForApiToken } from '../accounts/api-tokens.ts';
import { loadAccount, type Account } from '../accounts/accounts.service.ts';
import { createSession, deleteSession, SESSION_ABSOLUTE_MS, validateSession } from '../accounts/sessions.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export const SESSION_COOKIE = 'cp_session';

/** Finds who is asking: a bearer token (accepted on every URL) or the session cookie. */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ctx = c.get('ctx');
  c.set('viewer', undefined);
  c.set('sessionId', undefined);
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const account = match ? await accountForApiToken(ctx, match[1]!) : undefined;
    if (!account) throw new AppError('unauthorized', 'That API token is not valid or has been revoked.');
    c.set('viewer', account);
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await validateSession(ctx, token);
      const account = session && (await loadAccount(ctx, session.userId));
      if (session && account) {
        c.set('viewer', account);
        c.set('sessionId', session.id);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
  }
  await next();
};

/** Signs a person in with a fresh session; any session the browser had is ended (rotation). */
export async function startSession(c: Context<AppEnv>, account: Account): Promise<void> {
  const ctx = c.get('ctx');
  const previous = c.get('sessionId');
  if (previous) await deleteSession(ctx, previous);
  const { token, id } = await createSession(ctx, account.id, c.req.header('user-agent'));
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: ctx.config.secure,
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
  c.set('viewer', account);
  c.set('sessionId', id);
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const id = c.get('sessionId');
  if (id) await deleteSession(c.get('ctx'), id);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('ctx').config.secure });
  c.set('viewer', undefined);
  c.set('sessionId', undefined);
}

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

/** A `next` address that stays on this site. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
