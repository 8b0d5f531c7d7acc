import type { Kysely } from 'kysely';

/** Programmes, their Things, enrolments, completions, announcements, certificates, nudges, networks. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('catch_up_weeks', 'text', (c) => c.notNull())
    .addColumn('enrolment', 'text', (c) => c.notNull())
    .addColumn('invite_code', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('previous_id', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('programmes_starts_idx').on('programmes').column('starts_on').execute();

  await db.schema
    .createTable('things')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('brief', 'text', (c) => c.notNull())
    .addColumn('week', 'integer', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('suggested_by', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('announced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('things_programme_number_uq', ['programme_id', 'number'])
    .execute();
  await db.schema.createIndex('things_announce_idx').on('things').columns(['announced_at', 'published']).execute();

  await db.schema
    .createTable('enrolments')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('calendar_token', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('enrolments_pk', ['programme_id', 'user_id'])
    .execute();
  await db.schema.createIndex('enrolments_user_idx').on('enrolments').column('user_id').execute();

  await db.schema
    .createTable('completions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('thing_id', 'text', (c) => c.notNull().references('things.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.unique())
    .addColumn('post_url', 'text')
    .addColumn('post_title', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('completions_programme_user_idx').on('completions').columns(['programme_id', 'user_id']).execute();
  await db.schema.createIndex('completions_thing_idx').on('completions').columns(['thing_id', 'completed_at']).execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('jws', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addUniqueConstraint('credentials_programme_user_uq', ['programme_id', 'user_id'])
    .execute();
  await db.schema.createIndex('credentials_user_idx').on('credentials').column('user_id').execute();

  await db.schema
    .createTable('nudges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('sent_by', 'text')
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nudges_programme_idx').on('nudges').columns(['programme_id', 'created_at']).execute();

  await db.schema
    .createTable('networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('offers', 'text', (c) => c.notNull())
    .addColumn('suits', 'text', (c) => c.notNull())
    .addColumn('data_and_leaving', 'text', (c) => c.notNull())
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('network_stances')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('note_visibility', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_stances_pk', ['network_id', 'user_id'])
    .execute();
  await db.schema.createIndex('network_stances_user_idx').on('network_stances').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['network_stances', 'networks', 'nudges', 'credentials', 'completions', 'enrolments', 'things', 'programmes']) {
    await db.schema.dropTable(table).execute();
  }
}
