import type { Db } from '../db/database.ts';
import type { CompletionsTable } from '../db/schema.ts';

/** Completions as stored: one a post answering a Thing, or one an organiser marked by hand. */

/** A completion an organiser records by hand: private, with her note, answering no post. */
export function manualCompletion(fields: {
  id: string;
  programmeId: string;
  thingId: string;
  userId: string;
  note: string;
  recordedBy: string;
  completedAt: string;
  createdAt: string;
}): CompletionsTable {
  return {
    id: fields.id,
    programme_id: fields.programmeId,
    thing_id: fields.thingId,
    user_id: fields.userId,
    source: 'manual',
    post_id: null,
    post_url: null,
    post_title: null,
    excerpt: null,
    visibility: 'private',
    note: fields.note,
    recorded_by: fields.recordedBy,
    completed_at: fields.completedAt,
    created_at: fields.createdAt,
  };
}

type PostCompletion = Omit<CompletionsTable, 'id' | 'post_id' | 'note' | 'recorded_by' | 'created_at'>;

export async function deletePostCompletion(db: Db, postId: string): Promise<void> {
  await db.kysely.deleteFrom('completions').where('post_id', '=', postId).execute();
}

/** The post's completion with these values: changed in place when it has one, else made. */
export async function savePostCompletion(db: Db, postId: string, values: PostCompletion, ids: { id: string; at: string }): Promise<void> {
  const updated = await db.kysely.updateTable('completions').set(values).where('post_id', '=', postId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  // Two events for one post at once: the unique post_id keeps one row.
  await db.kysely
    .insertInto('completions')
    .values({ id: ids.id, post_id: postId, note: null, recorded_by: null, created_at: ids.at, ...values })
    .onConflict((oc) => oc.column('post_id').doUpdateSet(values))
    .execute();
}

export async function findManualCompletionId(db: Db, thingId: string, userId: string): Promise<string | undefined> {
  const row = await db.kysely
    .selectFrom('completions')
    .select('id')
    .where('thing_id', '=', thingId)
    .where('user_id', '=', userId)
    .where('source', '=', 'manual')
    .executeTakeFirst();
  return row?.id;
}

export async function updateCompletion(db: Db, id: string, fields: Partial<Omit<CompletionsTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('completions').set(fields).where('id', '=', id).execute();
}

export async function insertCompletions(db: Db, rows: readonly CompletionsTable[]): Promise<void> {
  if (rows.length) await db.kysely.insertInto('completions').values(rows).execute();
}

/** When a member did each Thing (by number) of a programme; a Thing done twice appears twice. */
export function completionTimes(db: Db, programmeId: string, userId: string): Promise<Array<{ number: number; completed_at: string }>> {
  return db.kysely
    .selectFrom('completions')
    .innerJoin('things', 'things.id', 'completions.thing_id')
    .select(['things.number', 'completions.completed_at'])
    .where('completions.programme_id', '=', programmeId)
    .where('completions.user_id', '=', userId)
    .execute();
}
