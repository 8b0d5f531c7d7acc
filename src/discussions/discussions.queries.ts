import type { Db } from '../db/database.ts';
import type { CommentsTable } from '../db/schema.ts';

/** A comment with its member author's name, as lists show it. */
export type CommentRow = CommentsTable & { handle: string | null; display_name: string | null };

export function findComment(db: Db, id: string): Promise<CommentsTable | undefined> {
  return db.kysely.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every comment of one subject, oldest first, in one query (a page of 150 comments is one read). */
export function commentsOf(db: Db, subject: { type: string; id: string }): Promise<CommentRow[]> {
  return db.kysely
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select(['users.handle as handle', 'users.display_name as display_name'])
    .where('comments.subject_type', '=', subject.type)
    .where('comments.subject_id', '=', subject.id)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

export async function insertComment(db: Db, row: CommentsTable): Promise<void> {
  await db.kysely.insertInto('comments').values(row).execute();
}

export async function showComment(db: Db, id: string): Promise<void> {
  await db.kysely.updateTable('comments').set({ status: 'visible' }).where('id', '=', id).execute();
}

export async function rewriteComment(db: Db, id: string, change: { body: string; html: string; edited_at: string }): Promise<void> {
  await db.kysely.updateTable('comments').set(change).where('id', '=', id).execute();
}

/** Its words go; the row stays as a placeholder for the replies below it. */
export async function blankComment(db: Db, id: string, at: string): Promise<void> {
  await db.kysely.updateTable('comments').set({ body: '', html: '', deleted_at: at }).where('id', '=', id).execute();
}

/** When a member joined, and her display name (undefined for no such member). */
export function memberFacts(db: Db, userId: string): Promise<{ created_at: string; display_name: string } | undefined> {
  return db.kysely.selectFrom('users').select(['created_at', 'display_name']).where('id', '=', userId).executeTakeFirst();
}

/** Whether the member has a comment showing in any discussion. */
export async function hasShownComment(db: Db, userId: string): Promise<boolean> {
  const shown = await db.kysely
    .selectFrom('comments')
    .select('id')
    .where('author_id', '=', userId)
    .where('status', '=', 'visible')
    .limit(1)
    .executeTakeFirst();
  return shown !== undefined;
}
