import type { Kysely } from 'kysely';

/** External blogs a member follows here, and the posts brought in from their feeds. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('external_blogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('feed_url', 'text', (c) => c.notNull())
    .addColumn('site_url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_checked_at', 'text')
    .addColumn('last_new_post_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_check_at', 'text', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('external_blogs_user_feed_uq', ['user_id', 'feed_url'])
    .execute();
  await db.schema.createIndex('external_blogs_due_idx').on('external_blogs').columns(['paused', 'next_check_at']).execute();

  await db.schema
    .createTable('external_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('external_blogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('guid', 'text')
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('content_html', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('thing_programme', 'text')
    .addColumn('thing_number', 'integer')
    .addColumn('match_status', 'text', (c) => c.notNull())
    .addColumn('match_rule', 'text')
    .addColumn('candidates', 'text')
    .addUniqueConstraint('external_posts_blog_key_uq', ['blog_id', 'dedup_key'])
    .execute();
  await db.schema.createIndex('external_posts_blog_published_idx').on('external_posts').columns(['blog_id', 'published_at']).execute();
  await db.schema.createIndex('external_posts_user_status_idx').on('external_posts').columns(['user_id', 'match_status']).execute();
  await db.schema.createIndex('external_posts_thing_idx').on('external_posts').columns(['thing_programme', 'thing_number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('external_posts').execute();
  await db.schema.dropTable('external_blogs').execute();
}
