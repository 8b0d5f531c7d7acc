import type { Kysely } from 'kysely';

/**
 * Images members upload for their posts: one row per image (its resized WebP files live under
 * DATA_DIR/uploads/media/{owner}/{key}-{width}.webp), and a post's optional cover image.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('widths', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('display_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_owner_created_idx').on('media').columns(['owner_id', 'created_at']).execute();
  await db.schema
    .alterTable('posts')
    .addColumn('cover_media_id', 'text', (c) => c.references('media.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('posts_cover_media_idx').on('posts').column('cover_media_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_cover_media_idx').execute();
  await db.schema.alterTable('posts').dropColumn('cover_media_id').execute();
  await db.schema.dropTable('media').execute();
}
