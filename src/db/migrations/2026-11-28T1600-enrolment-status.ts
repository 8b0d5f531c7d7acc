import type { Kysely } from 'kysely';

/**
 * Participants by programme and status: the cohort page asks for a programme's pending enrolments on
 * every view, which otherwise read all 2,000 enrolments of a national cohort to find none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('enrolments_programme_status_idx').on('enrolments').columns(['programme_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrolments_programme_status_idx').execute();
}
