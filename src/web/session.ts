import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { accountForApiToken } from '../accounts/api-tokens.ts';
import { loadAccount } from '../accounts/accounts.service.ts';
import { validateSession } from '../accounts/sessions.ts';
import { SESSION_COOKIE } from '../accounts/session-cookie.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';

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
