import type { Db } from '../db/database.ts';
import type { ExternalBlogsTable, ExternalPostsTable } from '../db/schema.ts';

/** External blogs and their posts as stored: plain reads and writes, rules left to the services. */

export async function countMemberBlogs(db: Db, userId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('external_blogs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function memberFollowsFeed(db: Db, userId: string, feedUrl: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('external_blogs')
    .select('id')
    .where('user_id', '=', userId)
    .where('feed_url', '=', feedUrl)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertBlog(db: Db, row: ExternalBlogsTable): Promise<void> {
  await db.kysely.insertInto('external_blogs').values(row).execute();
}

export async function updateBlog(db: Db, blogId: string, fields: Partial<Omit<ExternalBlogsTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('external_blogs').set(fields).where('id', '=', blogId).execute();
}

/** Paused ones included, oldest first. */
export function listBlogRows(db: Db, userIds: readonly string[]): Promise<ExternalBlogsTable[]> {
  return db.kysely
    .selectFrom('external_blogs')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The blog, only if it is this member's. */
export function findMemberBlog(db: Db, userId: string, blogId: string): Promise<ExternalBlogsTable | undefined> {
  return db.kysely.selectFrom('external_blogs').selectAll().where('id', '=', blogId).where('user_id', '=', userId).executeTakeFirst();
}

export async function feedUrlOfBlog(db: Db, blogId: string): Promise<string> {
  const row = await db.kysely.selectFrom('external_blogs').select('feed_url').where('id', '=', blogId).executeTakeFirstOrThrow();
  return row.feed_url;
}

/** Deletes the blog and its posts; answers the posts that had answered a Thing, to withdraw. */
export async function deleteBlog(db: Db, blogId: string): Promise<Array<{ id: string; user_id: string }>> {
  const placed = await db.kysely
    .selectFrom('external_posts')
    .select(['id', 'user_id'])
    .where('blog_id', '=', blogId)
    .where('thing_programme', 'is not', null)
    .execute();
  await db.kysely.deleteFrom('external_posts').where('blog_id', '=', blogId).execute();
  await db.kysely.deleteFrom('external_blogs').where('id', '=', blogId).execute();
  return placed;
}

/** Newest first. */
export function listPostRows(db: Db, blogId: string, limit: number): Promise<ExternalPostsTable[]> {
  return db.kysely
    .selectFrom('external_posts')
    .selectAll()
    .where('blog_id', '=', blogId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A member's posts that wait for her to place them, newest first. */
export function listUnplacedPosts(db: Db, userId: string, limit: number): Promise<ExternalPostsTable[]> {
  return db.kysely
    .selectFrom('external_posts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('match_status', 'in', ['ambiguous', 'unmatched', 'unassigned'])
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

/** The post; with `userId`, only if it is that member's. */
export function findPost(db: Db, postId: string, userId?: string): Promise<ExternalPostsTable | undefined> {
  let query = db.kysely.selectFrom('external_posts').selectAll().where('id', '=', postId);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.executeTakeFirst();
}

export async function updatePost(db: Db, postId: string, fields: Partial<Omit<ExternalPostsTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('external_posts').set(fields).where('id', '=', postId).execute();
}

/** What a blog's posts are recognised by when its feed is read again. */
export function storedEntries(db: Db, blogId: string) {
  return db.kysely
    .selectFrom('external_posts')
    .select(['id', 'guid', 'url', 'title', 'published_at', 'content_hash', 'match_status', 'thing_programme', 'thing_number', 'dedup_key'])
    .where('blog_id', '=', blogId)
    .execute();
}

export async function insertExternalPost(db: Db, row: ExternalPostsTable): Promise<void> {
  await db.kysely.insertInto('external_posts').values(row).execute();
}
