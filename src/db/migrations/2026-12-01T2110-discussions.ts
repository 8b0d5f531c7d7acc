import { type CreateTableBuilder, PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Comments belong to a discussion subject (`subject_type`, `subject_id`), no longer to a post: forum
 * topics, resources and jobs get the same threads. Every comment is kept, as a post's
 * (`subject_type = 'post'`). The foreign key to posts goes, so a trigger on posts now does what its
 * `on delete cascade` did: a deleted post (or its author's account) takes its comments along.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // In place: a column added with a default fills every row without rewriting them one by one.
    await sql`alter table comments add column subject_type text not null default 'post'`.execute(db);
    await sql`alter table comments alter column subject_type drop default`.execute(db);
    await sql`alter table comments rename column post_id to subject_id`.execute(db);
    const keys = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where conrelid = 'comments'::regclass and contype = 'f' and confrelid = 'posts'::regclass`.execute(db);
    for (const { name } of keys.rows) await sql`alter table comments drop constraint ${sql.id(name)}`.execute(db);
    await sql`alter table comments drop constraint comments_post_source_uq`.execute(db);
    await sql`alter table comments add constraint comments_subject_source_uq unique (subject_type, subject_id, source_key)`.execute(db);
    await sql`drop index comments_post_idx`.execute(db);
    await sql`create index comments_subject_idx on comments (subject_type, subject_id, created_at)`.execute(db);
    await sql`create function posts_discussion_delete() returns trigger language plpgsql as $$
      begin delete from comments where subject_type = 'post' and subject_id = old.id; return null; end $$`.execute(db);
    await sql`create trigger posts_discussion_ad after delete on posts
      for each row execute function posts_discussion_delete()`.execute(db);
    return;
  }
  // SQLite cannot drop a foreign key: the table is built afresh and every row copied across, in one
  // transaction (Kysely runs SQLite migrations outside one), so a failure leaves the old table whole.
  await db.transaction().execute(async (trx) => {
    await createSqliteComments(trx, 'comments_next', 'subject');
    await sql`insert into comments_next (id, subject_type, subject_id, parent_id, author_id, author_name, author_url, body, html,
        status, source_key, created_at, edited_at, deleted_at)
      select id, 'post', post_id, parent_id, author_id, author_name, author_url, body, html,
        status, source_key, created_at, edited_at, deleted_at from comments`.execute(trx);
    await sql`drop table comments`.execute(trx);
    await sql`alter table comments_next rename to comments`.execute(trx);
    await trx.schema.createIndex('comments_subject_idx').on('comments').columns(['subject_type', 'subject_id', 'created_at']).execute();
    await trx.schema.createIndex('comments_author_idx').on('comments').column('author_id').execute();
    await sql`create trigger posts_discussion_ad after delete on posts begin
      delete from comments where subject_type = 'post' and subject_id = old.id; end`.execute(trx);
  });
}

/** Back to comments on posts only: comments on any other subject are dropped. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from comments where subject_type <> 'post' or subject_id not in (select id from posts)`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger posts_discussion_ad on posts`.execute(db);
    await sql`drop function posts_discussion_delete()`.execute(db);
    await sql`drop index comments_subject_idx`.execute(db);
    await sql`alter table comments drop constraint comments_subject_source_uq`.execute(db);
    await sql`alter table comments rename column subject_id to post_id`.execute(db);
    await sql`alter table comments drop column subject_type`.execute(db);
    await sql`alter table comments add foreign key (post_id) references posts (id) on delete cascade`.execute(db);
    await sql`alter table comments add constraint comments_post_source_uq unique (post_id, source_key)`.execute(db);
    await sql`create index comments_post_idx on comments (post_id, created_at)`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await sql`drop trigger posts_discussion_ad`.execute(trx);
    await createSqliteComments(trx, 'comments_previous', 'post');
    await sql`insert into comments_previous (id, post_id, parent_id, author_id, author_name, author_url, body, html,
        status, source_key, created_at, edited_at, deleted_at)
      select id, subject_id, parent_id, author_id, author_name, author_url, body, html,
        status, source_key, created_at, edited_at, deleted_at from comments`.execute(trx);
    await sql`drop table comments`.execute(trx);
    await sql`alter table comments_previous rename to comments`.execute(trx);
    await trx.schema.createIndex('comments_post_idx').on('comments').columns(['post_id', 'created_at']).execute();
    await trx.schema.createIndex('comments_author_idx').on('comments').column('author_id').execute();
  });
}

/** The comments table as it is after this migration ('subject') or before it ('post'). */
async function createSqliteComments(db: Kysely<any>, name: string, shape: 'subject' | 'post'): Promise<void> {
  let table: CreateTableBuilder<string, string> = db.schema.createTable(name).addColumn('id', 'text', (c) => c.primaryKey());
  table =
    shape === 'subject'
      ? table.addColumn('subject_type', 'text', (c) => c.notNull()).addColumn('subject_id', 'text', (c) => c.notNull())
      : table.addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'));
  await table
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
    .addUniqueConstraint(
      shape === 'subject' ? 'comments_subject_source_uq' : 'comments_post_source_uq',
      shape === 'subject' ? ['subject_type', 'subject_id', 'source_key'] : ['post_id', 'source_key'],
    )
    .execute();
}
