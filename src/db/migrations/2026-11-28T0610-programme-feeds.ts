import type { Kysely } from 'kysely';

/** Programme and Thing feeds read a programme's completions newest first. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('completions_programme_completed_idx').on('completions').columns(['programme_id', 'completed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('completions_programme_completed_idx').execute();
}
