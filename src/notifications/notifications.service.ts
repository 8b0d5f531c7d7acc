import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { defineCache, tags } from '../cache/index.ts';
import { newId } from '../ids.ts';
import {
  countUnreadRows,
  insertNotifications,
  listNotificationRows,
  mailRecipients,
  markRows,
  notificationExists,
  preferenceRows,
  replacePreferences,
} from './notifications.queries.ts';

/**
 * The kinds of notification a member can choose to get by email, with the words the settings page
 * uses. A kind not listed here is always in-site only.
 */
export const notificationKinds = {
  'thing-opened': 'A new Thing opens in a programme I follow',
  comment: 'Someone comments on my post',
  reply: 'Someone replies to my comment',
  nudge: "Messages from my programmes' organisers",
  connection: 'Connection requests and acceptances',
} as const;

export type NotificationKind = keyof typeof notificationKinds | (string & {});

export interface NotificationInput {
  readonly userId: string;
  readonly kind: NotificationKind;
  /** One line, plain text, shown in the list. */
  readonly text: string;
  /** Where the notification leads: a path on this site or an absolute URL. */
  readonly url: string;
  /** The email to send when the member's settings allow this kind (only to a confirmed address). */
  readonly email?: { readonly subject: string; readonly text: string };
}

export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly url: string;
  readonly read: boolean;
  readonly createdAt: string;
}

/** Tells a member something: always in-site, and by email when their settings allow it. */
export async function notify(ctx: AppContext, input: NotificationInput): Promise<void> {
  await notifyMany(ctx, [input]);
}

/** As notify, for many at once (one insert); mail goes out one message per person. */
export async function notifyMany(ctx: AppContext, inputs: readonly NotificationInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const now = ctx.clock.now().toISOString();
  await insertNotifications(
    ctx.db,
    inputs.map((n) => ({
      id: newId(),
      user_id: n.userId,
      kind: n.kind,
      text: n.text.slice(0, 500),
      url: n.url,
      created_at: now,
      read_at: null,
    })),
  );
  ctx.cache.invalidate(inputs.map((n) => tags.unread(n.userId)));
  const withMail = inputs.filter((n) => n.email);
  if (withMail.length === 0) return;
  const userIds = [...new Set(withMail.map((n) => n.userId))];
  const { users, optedOut } = await mailRecipients(ctx.db, userIds);
  const off = new Set(optedOut.map((o) => `${o.user_id} ${o.kind}`));
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const n of withMail) {
    const user = byId.get(n.userId);
    if (!user?.email_verified_at || off.has(`${n.userId} ${n.kind}`)) continue;
    const link = n.url.startsWith('/') ? `${ctx.config.baseUrl}${n.url}` : n.url;
    try {
      await ctx.mailer.send({
        to: user.email,
        subject: n.email!.subject,
        text: `${n.email!.text}\n\n${link}\n\nChoose which mail you get: ${ctx.config.baseUrl}/notifications#mail\n`,
      });
    } catch (error) {
      // One undeliverable address must not stop the others; the in-site notification stands.
      ctx.log.warn({ err: error, kind: n.kind }, 'notification mail failed');
    }
  }
}

export async function listNotifications(
  ctx: AppContext,
  userId: string,
  options: { before?: string; limit?: number } = {},
): Promise<{ items: NotificationView[]; next: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await listNotificationRows(ctx.db, userId, limit, options.before);
  const items = rows
    .slice(0, limit)
    .map((r) => ({ id: r.id, kind: r.kind, text: r.text, url: r.url, read: r.read_at !== null, createdAt: r.created_at }));
  return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
}

/**
 * Every signed-in page shows the unread count, so counts are kept per member until this process
 * adds a notification or marks one read (any write to the table, however made, drops them all), or
 * for 5 seconds (another process's show by then).
 */
const keptUnread = defineCache<number>({ name: 'unread-counts', ttlMs: 5_000, maxEntries: 10_000 });

export function countUnread(ctx: AppContext, userId: string): Promise<number> {
  return ctx.cache
    .use(keptUnread)
    .remember(userId, [tags.unread(userId), tags.table('notifications')], () => countUnreadRows(ctx.db, userId));
}

/** Marks one notification (or, without an id, all of them) read. */
export async function markRead(ctx: AppContext, userId: string, id?: string): Promise<void> {
  const changed = await markRows(ctx.db, userId, ctx.clock.now().toISOString(), id);
  ctx.cache.invalidate([tags.unread(userId)]);
  if (id && changed === 0 && !(await notificationExists(ctx.db, userId, id))) throw new AppError('not_found', 'No such notification.');
}

/** Which kinds a member gets by email (default: all). */
export async function emailPreferences(ctx: AppContext, userId: string): Promise<Record<string, boolean>> {
  const rows = await preferenceRows(ctx.db, userId);
  const prefs: Record<string, boolean> = Object.fromEntries(Object.keys(notificationKinds).map((k) => [k, true]));
  for (const r of rows) if (r.kind in prefs) prefs[r.kind] = r.email === 1;
  return prefs;
}

export async function setEmailPreferences(ctx: AppContext, userId: string, prefs: Readonly<Record<string, boolean>>): Promise<void> {
  const kinds = Object.keys(notificationKinds).filter((k) => k in prefs);
  const off = kinds.filter((k) => !prefs[k]);
  await ctx.db.kysely.transaction().execute((trx) => replacePreferences(trx, userId, kinds, off));
}
