import type { Db } from '../db/database.ts';
import type { MediaTable } from '../db/schema.ts';

/** Uploaded images as stored; their files are the service's business. */

export async function insertMedia(db: Db, row: MediaTable): Promise<void> {
  await db.kysely.insertInto('media').values(row).execute();
}

export function findMedia(db: Db, id: string): Promise<MediaTable | undefined> {
  return db.kysely.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMediaByKey(db: Db, key: string): Promise<Pick<MediaTable, 'owner_id' | 'key' | 'widths'> | undefined> {
  return db.kysely.selectFrom('media').select(['owner_id', 'key', 'widths']).where('key', '=', key).executeTakeFirst();
}

/** The owner's images, newest first. */
export function listOwnMedia(db: Db, ownerId: string, limit = 12): Promise<MediaTable[]> {
  return db.kysely
    .selectFrom('media')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Whether a post shows the image: as its cover, or (for the owner's posts) by its key in the body. */
export async function mediaInUse(db: Db, media: Pick<MediaTable, 'id' | 'key' | 'owner_id'>): Promise<boolean> {
  const cover = await db.kysely.selectFrom('posts').select('id').where('cover_media_id', '=', media.id).executeTakeFirst();
  if (cover) return true;
  const inline = await db.kysely
    .selectFrom('posts')
    .select('id')
    .where('author_id', '=', media.owner_id)
    .where('body', 'like', `%${media.key}%`)
    .executeTakeFirst();
  return inline !== undefined;
}

export async function deleteMediaRow(db: Db, id: string): Promise<void> {
  await db.kysely.deleteFrom('media').where('id', '=', id).execute();
}

export async function deleteMediaOf(db: Db, ownerId: string): Promise<void> {
  await db.kysely.deleteFrom('media').where('owner_id', '=', ownerId).execute();
}
