import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The job queue's table, on SQLite only: on PostgreSQL pg-boss installs and migrates its own
 * tables (in their own schema) when the queue first starts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema
    .createTable('job_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // The idempotency key: one job per name and key (jobs without a key are never merged).
  await db.schema.createIndex('job_queue_name_key_idx').on('job_queue').columns(['name', 'key']).unique().execute();
  await db.schema.createIndex('job_queue_state_run_at_idx').on('job_queue').columns(['state', 'run_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema.dropTable('job_queue').execute();
}
