import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../ui/env.ts';
import type { Account } from './accounts.service.ts';
import { createSession, deleteSession, SESSION_ABSOLUTE_MS } from './sessions.ts';

export const SESSION_COOKIE = 'cp_session';

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
