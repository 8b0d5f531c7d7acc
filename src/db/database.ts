import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pgModule from 'pg';
import { lazy } from '../lazy.ts';
import { namedStatementPool } from './pg-adapter.ts';
import { openSqlite } from './sqlite-adapter.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** For SQLite, the file's path (`:memory:` for a throw-away database); undefined on PostgreSQL. */
  readonly sqliteFile: string | undefined;
  /** PostgreSQL: the schema tests asked for (the job queue puts its own beside it); otherwise undefined. */
  readonly searchPath: string | undefined;
  /** PostgreSQL: the pool itself, for a library that speaks pg directly (pg-boss); otherwise undefined. */
  readonly pgPool: pgModule.Pool | undefined;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema to use, for tests that share one server. */
  readonly searchPath?: string;
  readonly poolSize?: number;
}

const pgLibrary = lazy<typeof pgModule>('pg');

/** Opens the database named by a `sqlite:PATH` or `postgres://` URL. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { database } = openSqlite(file);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return {
      kysely,
      dialect: 'sqlite',
      sqliteFile: file,
      searchPath: undefined,
      pgPool: undefined,
      ping: () => ping(kysely),
      close: () => kysely.destroy(),
    };
  }
  const pg = pgLibrary();
  // COUNT(*) and bigint come back from pg as strings; numbers fit our counts.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
  return {
    kysely,
    dialect: 'postgres',
    sqliteFile: undefined,
    searchPath: options.searchPath,
    pgPool: pool,
    ping: () => ping(kysely),
    close: () => kysely.destroy(),
  };
}

async function ping(kysely: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(kysely);
    return true;
  } catch {
    return false;
  }
}
