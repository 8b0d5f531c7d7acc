import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, NotificationsTable } from '../db/schema.ts';

/** Rows as they are written; ids and times come from the caller. */
export async function insertNotifications(db: Db, rows: readonly NotificationsTable[]): Promise<void> {
  // Batches of 500 keep every insert under both databases' parameter limits.
  for (let i = 0; i < rows.length; i += 500)
    await db.kysely
      .insertInto('notifications')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The members to mail, and which kinds each has turned off by email. */
export async function mailRecipients(db: Db, userIds: readonly string[]) {
  const users = await db.kysely.selectFrom('users').select(['id', 'email', 'email_verified_at']).where('id', 'in', userIds).execute();
  const optedOut = await db.kysely
    .selectFrom('notification_preferences')
    .select(['user_id', 'kind'])
    .where('user_id', 'in', userIds)
    .where('email', '=', 0)
    .execute();
  return { users, optedOut };
}

/** A member's notifications, newest first, `limit` + 1 of them so the caller knows whether more follow. */
export function listNotificationRows(db: Db, userId: string, limit: number, before?: string): Promise<NotificationsTable[]> {
  let query = db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) query = query.where('id', '<', before);
  return query.execute();
}

export async function countUnreadRows(db: Db, userId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks a member's unread notifications (or only `id`) read at `at`; answers how many changed. */
export async function markRows(db: Db, userId: string, at: string, id?: string): Promise<number> {
  let query = db.kysely.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function notificationExists(db: Db, userId: string, id: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export function preferenceRows(db: Db, userId: string) {
  return db.kysely.selectFrom('notification_preferences').select(['kind', 'email']).where('user_id', '=', userId).execute();
}

/** Replaces a member's choices for `kinds`: those in `off` are stored as "no email", the rest as the default. */
export async function replacePreferences(
  trx: Transaction<Database>,
  userId: string,
  kinds: readonly string[],
  off: readonly string[],
): Promise<void> {
  if (kinds.length) await trx.deleteFrom('notification_preferences').where('user_id', '=', userId).where('kind', 'in', kinds).execute();
  if (off.length)
    await trx
      .insertInto('notification_preferences')
      .values(off.map((kind) => ({ user_id: userId, kind, email: 0 })))
      .execute();
}
