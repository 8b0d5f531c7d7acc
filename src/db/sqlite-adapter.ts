import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

const STATEMENT_CACHE_SIZE = 500;

/**
 * Presents Node's built-in `node:sqlite` in the shape Kysely's SqliteDialect expects (that of
 * better-sqlite3), so no native addon tied to one Node ABI is needed.
 */
export function openSqlite(filename: string): { database: KyselySqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(filename, { timeout: 5000 });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA busy_timeout = 5000');
  // Preparing a statement costs about as much as running a small one, and Kysely asks for one per
  // query, so prepared statements are kept by their SQL (the busiest few hundred). Safe because
  // node:sqlite runs each statement to completion synchronously; streams get their own statement.
  const statements = new Map<string, { statement: StatementSync; reader: boolean }>();
  const prepared = (sql: string) => {
    let kept = statements.get(sql);
    if (kept) {
      statements.delete(sql);
    } else {
      const statement = raw.prepare(sql);
      kept = { statement, reader: statement.columns().length > 0 };
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, kept);
    return kept;
  };
  const database: KyselySqliteDatabase = {
    close: () => {
      statements.clear();
      raw.close();
    },
    prepare(sql: string) {
      const { statement, reader } = prepared(sql);
      const params = (p: readonly unknown[]) => p.map(toSqlite);
      return {
        reader,
        all: (p: readonly unknown[]) => statement.all(...params(p)),
        run: (p: readonly unknown[]) => {
          const r = statement.run(...params(p));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (p: readonly unknown[]) => raw.prepare(sql).iterate(...params(p)),
      };
    },
  };
  return { database, raw };
}

function toSqlite(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as SQLInputValue;
}

export interface KyselySqliteDatabase {
  close(): void;
  prepare(sql: string): {
    reader: boolean;
    all(parameters: readonly unknown[]): unknown[];
    run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
    iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
  };
}
