import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { viewerForApiToken, viewerForSession } from '../accounts/viewers.ts';
import { SESSION_COOKIE } from '../accounts/session-cookie.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';

/** Finds who is asking: a bearer token (accepted on every URL) or the session cookie (both kept: accounts/viewers.ts). */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ctx = c.get('ctx');
  c.set('viewer', undefined);
  c.set('sessionId', undefined);
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const account = match ? await viewerForApiToken(ctx, match[1]!) : undefined;
    if (!account) throw new AppError('unauthorized', 'That API token is not valid or has been revoked.');
    c.set('viewer', account);
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const found = await viewerForSession(ctx, token);
      if (found) {
        c.set('viewer', found.account);
        c.set('sessionId', found.session.id);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
  }
  await next();
};
