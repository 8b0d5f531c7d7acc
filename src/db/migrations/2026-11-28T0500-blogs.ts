import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Blogs: posts (with tags and an optional Thing link), comments with threading, per-blog settings,
 * and the full-text index (an FTS5 table kept by triggers on SQLite, a generated tsvector on PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('blogs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text')
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo('signed_in'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_format', 'text', (c) => c.notNull().defaultTo('markdown'))
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('thing_programme', 'text')
    .addColumn('thing_number', 'integer')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('local'))
    .addColumn('source_key', 'text')
    .addColumn('published_at', 'text')
    .addColumn('edited_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('posts_author_slug_uq', ['author_id', 'slug'])
    .addUniqueConstraint('posts_author_source_uq', ['author_id', 'source_key'])
    .execute();
  await db.schema.createIndex('posts_author_published_idx').on('posts').columns(['author_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('posts_status_published_idx').on('posts').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('posts_thing_idx').on('posts').columns(['thing_programme', 'thing_number']).execute();

  await db.schema
    .createTable('post_tags')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag'])
    .execute();
  await db.schema.createIndex('post_tags_tag_idx').on('post_tags').column('tag').execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'text')
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text')
    .addColumn('author_url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('comments_post_source_uq', ['post_id', 'source_key'])
    .execute();
  await db.schema.createIndex('comments_post_idx').on('comments').columns(['post_id', 'created_at']).execute();
  await db.schema.createIndex('comments_author_idx').on('comments').column('author_id').execute();

  if (postgres) {
    await sql`alter table posts add column search tsvector generated always as (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body_text, '')), 'B')
    ) stored`.execute(db);
    await sql`create index posts_search_idx on posts using gin (search)`.execute(db);
  } else {
    // An external-content FTS5 index over posts, kept in step by triggers.
    await sql`create virtual table posts_fts using fts5(title, body_text, content='posts', content_rowid='rowid', tokenize='porter unicode61')`.execute(
      db,
    );
    await sql`create trigger posts_fts_ai after insert on posts begin
      insert into posts_fts(rowid, title, body_text) values (new.rowid, new.title, new.body_text); end`.execute(db);
    await sql`create trigger posts_fts_ad after delete on posts begin
      insert into posts_fts(posts_fts, rowid, title, body_text) values ('delete', old.rowid, old.title, old.body_text); end`.execute(db);
    await sql`create trigger posts_fts_au after update of title, body_text on posts begin
      insert into posts_fts(posts_fts, rowid, title, body_text) values ('delete', old.rowid, old.title, old.body_text);
      insert into posts_fts(rowid, title, body_text) values (new.rowid, new.title, new.body_text); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!postgres) {
    for (const t of ['posts_fts_ai', 'posts_fts_ad', 'posts_fts_au']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    await sql`drop table if exists posts_fts`.execute(db);
  }
  for (const table of ['comments', 'post_tags', 'posts', 'blogs']) await db.schema.dropTable(table).execute();
}
