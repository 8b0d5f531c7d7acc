import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * On PostgreSQL the migrator is pinned to the current schema: otherwise Kysely sees another
 * schema's kysely_migration tables (tests run one schema per suite, in parallel), skips creating
 * its own, and fails with 'relation "kysely_migration_lock" does not exist'.
 */
async function createMigrator(db: Db): Promise<Migrator> {
  const schema =
    db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Whether every migration is recorded as applied: two small reads, where Kysely's migrator first
 * introspects the whole schema (a few hundred milliseconds of a PostgreSQL server's start).
 */
async function upToDate(db: Db): Promise<boolean> {
  const exists =
    db.dialect === 'postgres'
      ? (await sql<{ found: string | null }>`select to_regclass('kysely_migration')::text as found`.execute(db.kysely)).rows[0]?.found
      : (
          await sql<{ found: string }>`select name as found from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(
            db.kysely,
          )
        ).rows[0]?.found;
  if (!exists) return false;
  const applied = new Set((await sql<{ name: string }>`select name from kysely_migration`.execute(db.kysely)).rows.map((r) => r.name));
  return Object.keys(migrations).every((name) => applied.has(name));
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  return report(await (await createMigrator(db)).migrateToLatest());
}

/**
 * Migrates up or down until `name` is the last one applied (for the migration tests: rows written
 * in an older shape must come through the migrations after it).
 */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return report(await (await createMigrator(db)).migrateTo(name));
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
