import type { AppContext } from '../context.ts';
import { hashToken, newSecretToken } from './secrets.ts';

const day = 86_400_000;
/** A session unused this long ends. */
export const SESSION_IDLE_MS = 14 * day;
/** No session lives longer than this, however active. */
export const SESSION_ABSOLUTE_MS = 60 * day;
/** last_seen_at is refreshed at most this often, to spare a write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export interface SessionInfo {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly userAgent: string | null;
}

/** Starts a session and returns the cookie's token (only its hash is stored). */
export async function createSession(
  ctx: AppContext,
  userId: string,
  userAgent: string | undefined,
): Promise<{ token: string; id: string }> {
  const token = newSecretToken();
  const id = hashToken(token);
  const now = ctx.clock.now();
  // A new session changes no one's kept viewer (declared, so the write drops nothing).
  await ctx.cache.changing({ tables: ['sessions'] }, () =>
    ctx.db.kysely
      .insertInto('sessions')
      .values({
        id,
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
        user_agent: userAgent?.slice(0, 300) ?? null,
      })
      .execute(),
  );
  return { token, id };
}

/** The live session for a cookie token, or undefined; ends sessions past their idle or absolute limit. */
export async function validateSession(ctx: AppContext, token: string): Promise<SessionInfo | undefined> {
  const id = hashToken(token);
  const row = await ctx.db.kysely.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const now = ctx.clock.now();
  const idleSince = now.getTime() - Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now.getTime() || idleSince >= SESSION_IDLE_MS) {
    await deleteSession(ctx, id);
    return undefined;
  }
  let lastSeenAt = row.last_seen_at;
  if (idleSince >= TOUCH_INTERVAL_MS) {
    lastSeenAt = now.toISOString();
    // Refreshing last_seen_at changes no kept viewer: declared, so the write drops nothing.
    await ctx.cache.changing({ tables: ['sessions'] }, () =>
      ctx.db.kysely.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute(),
    );
  }
  return { id, userId: row.user_id, createdAt: row.created_at, lastSeenAt, expiresAt: row.expires_at, userAgent: row.user_agent };
}

/** Whether a session seen before must be looked at again: past a limit, or due for its last_seen_at refresh. */
export function sessionNeedsCheck(session: SessionInfo, now: Date): boolean {
  const idleSince = now.getTime() - Date.parse(session.lastSeenAt);
  return Date.parse(session.expiresAt) <= now.getTime() || idleSince >= TOUCH_INTERVAL_MS;
}

export async function deleteSession(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
}

/** "Sign out everywhere": ends every session of a person, except perhaps the current one. */
export async function deleteSessionsOf(ctx: AppContext, userId: string, exceptId?: string): Promise<number> {
  let query = ctx.db.kysely.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessions(ctx: AppContext, userId: string): Promise<SessionInfo[]> {
  const rows = await ctx.db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    userAgent: r.user_agent,
  }));
}

/** Removes sessions past their limits; run by the jobs schedule. */
export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const result = await ctx.db.kysely
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS).toISOString())]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
