import type { ExpressionBuilder, Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CommentPolicy, Database, PostsTable } from '../db/schema.ts';
import { type Relations, relationsIn } from '../relations.ts';
import type { Viewer } from './posts.policy.ts';

export type PostRow = PostsTable;

/** A post with what pages and the API show beside it. */
export interface PostWithAuthor extends PostRow {
  author_handle: string;
  author_name: string;
  tags: string[];
  /** The cover image's stored sizes (null when the post has none). */
  cover_key: string | null;
  cover_widths: string | null;
  cover_width: number | null;
  cover_height: number | null;
  cover_alt: string | null;
  cover_bytes: number | null;
}

/**
 * The SQL form of canSeePost: published posts the viewer may read — public ones, members' ones when
 * signed in, connections' ones when `relations` says she is connected to the author, none of an
 * author she blocks or who blocks her — plus all of the viewer's own posts when `includeOwnUnpublished`.
 */
export function visibleTo(relations: Relations, viewer: Viewer, options: { includeOwnUnpublished?: boolean } = {}) {
  return (eb: ExpressionBuilder<Database, 'posts'>) => {
    const published = eb('posts.status', '=', 'published');
    if (!viewer) return eb.and([published, eb('posts.visibility', '=', 'public')]);
    const author = eb.ref('posts.author_id');
    const others = eb.and([
      published,
      eb.or([
        eb('posts.visibility', 'in', ['public', 'members']),
        eb.and([eb('posts.visibility', '=', 'connections'), relations.connected(viewer.id, author)]),
      ]),
      eb.not(relations.blockedBetween(viewer.id, author)),
    ]);
    const own = options.includeOwnUnpublished
      ? eb('posts.author_id', '=', viewer.id)
      : eb.and([eb('posts.author_id', '=', viewer.id), published]);
    return eb.or([others, own]);
  };
}

function withAuthor(db: Db) {
  return db.kysely
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('media', 'media.id', 'posts.cover_media_id')
    .selectAll('posts')
    .select(['users.handle as author_handle', 'users.display_name as author_name'])
    .select([
      'media.key as cover_key',
      'media.widths as cover_widths',
      'media.width as cover_width',
      'media.height as cover_height',
      'media.alt as cover_alt',
      'media.display_bytes as cover_bytes',
    ]);
}

async function attachTags(db: Db, rows: Array<Omit<PostWithAuthor, 'tags'>>): Promise<PostWithAuthor[]> {
  if (rows.length === 0) return [];
  const tags = await db.kysely
    .selectFrom('post_tags')
    .select(['post_id', 'tag'])
    .where(
      'post_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('tag')
    .execute();
  const byPost = new Map<string, string[]>();
  for (const t of tags) byPost.set(t.post_id, [...(byPost.get(t.post_id) ?? []), t.tag]);
  return rows.map((r) => ({ ...r, tags: byPost.get(r.id) ?? [] }));
}

export async function findPostById(db: Db, id: string): Promise<PostWithAuthor | undefined> {
  const row = await withAuthor(db).where('posts.id', '=', id).executeTakeFirst();
  return row ? (await attachTags(db, [row]))[0] : undefined;
}

/** Posts by id, in pages of 500 (a bound parameter each), in no particular order. */
export async function findPostsByIds(db: Db, ids: readonly string[]): Promise<PostWithAuthor[]> {
  const found: PostWithAuthor[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await withAuthor(db)
      .where('posts.id', 'in', ids.slice(i, i + 500))
      .execute();
    found.push(...(await attachTags(db, rows)));
  }
  return found;
}

export async function findPostBySlug(db: Db, authorId: string, slug: string): Promise<PostWithAuthor | undefined> {
  const row = await withAuthor(db).where('posts.author_id', '=', authorId).where('posts.slug', '=', slug).executeTakeFirst();
  return row ? (await attachTags(db, [row]))[0] : undefined;
}

export interface ListOptions {
  readonly authorId?: string;
  readonly tag?: string;
  /** Only 'public' posts whatever the viewer (feeds and the public stream). */
  readonly publicOnly?: boolean;
  readonly limit?: number;
  /** An opaque cursor from a previous page's `next`. */
  readonly cursor?: string | undefined;
}

/** Published posts the viewer may see, newest first, a page at a time. */
export async function listVisiblePosts(
  db: Db,
  viewer: Viewer,
  options: ListOptions = {},
): Promise<{ items: PostWithAuthor[]; next: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  let q = withAuthor(db).where('posts.status', '=', 'published');
  q = options.publicOnly ? q.where('posts.visibility', '=', 'public') : q.where(visibleTo(relationsIn(db), viewer));
  if (options.authorId) q = q.where('posts.author_id', '=', options.authorId);
  if (options.tag) {
    const tag = options.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('post_tags')
          .select('post_tags.post_id')
          .whereRef('post_tags.post_id', '=', 'posts.id')
          .where('post_tags.tag', '=', tag),
      ),
    );
  }
  const cursor = decodeCursor(options.cursor);
  if (cursor) {
    q = q.where((eb) =>
      eb.or([eb('posts.published_at', '<', cursor.at), eb.and([eb('posts.published_at', '=', cursor.at), eb('posts.id', '<', cursor.id)])]),
    );
  }
  const rows = await q
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: await attachTags(db, page), next: rows.length > limit && last ? encodeCursor(last.published_at ?? '', last.id) : null };
}

/** The author's drafts and scheduled posts, most recently touched first. */
export async function listUnpublished(db: Db, authorId: string): Promise<PostWithAuthor[]> {
  const rows = await withAuthor(db)
    .where('posts.author_id', '=', authorId)
    .where('posts.status', 'in', ['draft', 'scheduled'])
    .orderBy('posts.updated_at', 'desc')
    .limit(200)
    .execute();
  return attachTags(db, rows);
}

export async function tagCounts(db: Db, viewer: Viewer, authorId: string): Promise<Array<{ tag: string; count: number }>> {
  const rows = await db.kysely
    .selectFrom('post_tags')
    .innerJoin('posts', 'posts.id', 'post_tags.post_id')
    .select(['post_tags.tag', (eb) => eb.fn.countAll<number>().as('count')])
    .where('posts.author_id', '=', authorId)
    .where('posts.status', '=', 'published')
    .where(visibleTo(relationsIn(db), viewer))
    .groupBy('post_tags.tag')
    .orderBy('post_tags.tag')
    .execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}

export async function slugTaken(db: Db | Transaction<Database>, authorId: string, slug: string): Promise<boolean> {
  const k = 'kysely' in db ? db.kysely : db;
  return (
    (await k.selectFrom('posts').select('id').where('author_id', '=', authorId).where('slug', '=', slug).executeTakeFirst()) !== undefined
  );
}

export async function replaceTags(trx: Transaction<Database>, postId: string, tags: readonly string[]): Promise<void> {
  await trx.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tags.length)
    await trx
      .insertInto('post_tags')
      .values(tags.map((tag) => ({ post_id: postId, tag })))
      .execute();
}

export async function blogCommentPolicy(db: Db, userId: string): Promise<CommentPolicy> {
  const row = await db.kysely.selectFrom('blogs').select('comments').where('user_id', '=', userId).executeTakeFirst();
  return row?.comments ?? 'signed_in';
}

export async function setBlogCommentPolicy(db: Db, userId: string, comments: CommentPolicy, at: string): Promise<void> {
  await db.kysely
    .insertInto('blogs')
    .values({ user_id: userId, title: null, comments, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ comments, updated_at: at }))
    .execute();
}

/** Scheduled posts whose time has come. */
export function duePosts(db: Db, now: string): Promise<PostRow[]> {
  return db.kysely.selectFrom('posts').selectAll().where('status', '=', 'scheduled').where('published_at', '<=', now).limit(500).execute();
}

/** A new post and its tags, together. */
export async function insertPost(db: Db, row: PostRow, tags: readonly string[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('posts').values(row).execute();
    await replaceTags(trx, row.id, tags);
  });
}

/** A post's changed fields and its tags, together. */
export async function updatePostRow(db: Db, id: string, fields: Partial<Omit<PostRow, 'id'>>, tags: readonly string[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('posts').set(fields).where('id', '=', id).execute();
    await replaceTags(trx, id, tags);
  });
}

export async function deletePostRow(db: Db, id: string): Promise<void> {
  await db.kysely.deleteFrom('posts').where('id', '=', id).execute();
}

/** Publishes a scheduled post; false when it is no longer scheduled (another worker took it). */
export async function publishScheduled(db: Db, id: string, at: string): Promise<boolean> {
  const changed = await db.kysely
    .updateTable('posts')
    .set({ status: 'published', updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) === 1;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return at && id ? { at, id } : undefined;
}
