import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

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
  const database: KyselySqliteDatabase = {
    close: () => raw.close(),
    prepare(sql: string) {
      const statement = raw.prepare(sql);
      const params = (p: readonly unknown[]) => p.map(toSqlite);
      return {
        reader: statement.columns().length > 0,
        all: (p: readonly unknown[]) => statement.all(...params(p)),
        run: (p: readonly unknown[]) => {
          const r = statement.run(...params(p));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (p: readonly unknown[]) => statement.iterate(...params(p)),
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
