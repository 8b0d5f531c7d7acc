import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * On PostgreSQL the migrator is told its schema (the connection's current one): Kysely's table check
 * otherwise sees same-named tables in other schemas, and suites sharing one test server race.
 */
async function createMigrator(db: Db): Promise<Migrator> {
  const schema = db.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]?.s : undefined;
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return report(await (await createMigrator(db)).migrateToLatest());
}

/** Reverts the most recent migration (for development and the migration tests). */
export async function migrateDown(db: Db): Promise<string[]> {
  return report(await (await createMigrator(db)).migrateDown());
}

function report({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `Migration ${failed.migrationName} failed: ${reason}` : `Migrations failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
