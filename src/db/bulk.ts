import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Fast loading of many rows, far quicker than one Kysely insert per row. `bulkLoad` (fake data for
 * benchmarks) takes the database for itself: SQLite gets one transaction on its own `DatabaseSync` connection to the same file, with
 * prepared multi-row statements reused for every full chunk; PostgreSQL gets multi-row inserts kept
 * under its 65,535 parameters per statement, in one transaction, one statement in flight while the
 * next chunk is generated. Plain indexes of the big tables and the posts' full-text index are set
 * aside during the load and built once at the end, in the same transaction (so a failed load leaves
 * them whole). On SQLite, filling FTS5 in one statement at the end took about 12% less CPU than the
 * trigger row by row; on PostgreSQL, maintaining the GIN index cost ~170 µs a post, more than
 * building it afresh. `insertsWithin` (imports on a live site) only batches the inserts.
 */
type Table = keyof Database & string;
type Value = string | number | null;

export interface BulkTable<T extends Table> {
  /** Queues a row; when the chunk is full it is written. Await the result (it is a promise only then). */
  push(row: Database[T]): Promise<void> | undefined;
}

export interface BulkSession {
  /**
   * A table to fill. Rows of `after` tables queued so far are written before any of this one's,
   * so foreign keys hold at every statement (PostgreSQL checks them as it goes).
   */
  table<T extends Table>(name: T, after?: ReadonlyArray<BulkTable<Table>>): BulkTable<T>;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
}

export interface BulkOptions {
  /** Build the posts' search index at the end instead of row by row (default true). */
  readonly deferSearchIndex?: boolean;
  /**
   * Tables whose plain indexes are dropped for the load and built again at the end (sorting once
   * beats inserting into B-trees in random order). Indexes behind constraints stay.
   */
  readonly deferIndexesOf?: readonly Table[];
}

/** How a database runs one statement inside the load's transaction. */
interface Runner {
  readonly maxParameters: number;
  readonly maxRows: number;
  run(table: string, columns: readonly string[], values: Value[], rows: number): Promise<void> | undefined;
}

class Queue<T extends Table> implements BulkTable<T> {
  private columns: string[] | undefined;
  private values: Value[] = [];
  private rows = 0;
  private chunk = 0;

  readonly name: T;
  private readonly runner: Runner;
  private readonly after: ReadonlyArray<Queue<Table>>;

  constructor(name: T, runner: Runner, after: ReadonlyArray<Queue<Table>>) {
    this.name = name;
    this.runner = runner;
    this.after = after;
  }

  push(row: Database[T]): Promise<void> | undefined {
    if (!this.columns) {
      this.columns = Object.keys(row);
      this.chunk = Math.max(1, Math.min(this.runner.maxRows, Math.floor(this.runner.maxParameters / this.columns.length)));
    }
    const record = row as unknown as Record<string, Value | undefined>;
    for (const column of this.columns) this.values.push(record[column] ?? null);
    return ++this.rows >= this.chunk ? this.write() : undefined;
  }

  write(): Promise<void> | undefined {
    if (this.rows === 0) return undefined;
    let waits: Promise<void> | undefined;
    for (const parent of this.after) {
      const wrote = parent.write();
      if (wrote) waits = waits ? waits.then(() => wrote) : wrote;
    }
    const values = this.values;
    const rows = this.rows;
    this.values = [];
    this.rows = 0;
    const ran = waits
      ? waits.then(() => this.runner.run(this.name, this.columns!, values, rows))
      : this.runner.run(this.name, this.columns!, values, rows);
    return ran;
  }
}

function insertSql(table: string, columns: readonly string[], rows: number, placeholder: (n: number) => string): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < columns.length; c++) marks.push(placeholder(++n));
    tuples.push(`(${marks.join(',')})`);
  }
  return `insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`;
}

/** Runs `work` as one bulk load, committed when it returns, rolled back if it throws. */
export async function bulkLoad<R>(db: Db, work: (session: BulkSession) => Promise<R>, options: BulkOptions = {}): Promise<R> {
  const defer = options.deferSearchIndex ?? true;
  const tables = options.deferIndexesOf ?? [];
  return db.dialect === 'sqlite' ? loadSqlite(db, work, defer, tables) : loadPostgres(db.kysely, work, defer, tables);
}

function sessionOver(runner: Runner, settle: () => Promise<void>): BulkSession & { queues: Array<Queue<Table>> } {
  const queues: Array<Queue<Table>> = [];
  return {
    queues,
    table<T extends Table>(name: T, after: ReadonlyArray<BulkTable<Table>> = []) {
      const queue = new Queue<T>(name, runner, after as ReadonlyArray<Queue<Table>>);
      queues.push(queue as unknown as Queue<Table>);
      return queue;
    },
    async flush() {
      for (const queue of queues) await queue.write();
      await settle();
    },
  };
}

/**
 * A runner over an async database that keeps one statement in flight: the caller waits for the
 * previous statement only, so the next rows are prepared while the database writes these. `settle`
 * waits for the last one (and throws its error, if any).
 */
function pipelined(options: {
  maxParameters: number;
  maxRows: number;
  placeholder: (n: number) => string;
  execute: (sql: string, values: Value[]) => Promise<unknown>;
}): { runner: Runner; settle: () => Promise<void> } {
  const texts = new Map<string, string>();
  let inFlight: Promise<unknown> = Promise.resolve();
  const runner: Runner = {
    maxParameters: options.maxParameters,
    maxRows: options.maxRows,
    run(table, columns, values, rows) {
      const key = `${table}:${rows}`;
      let text = texts.get(key);
      if (!text) {
        text = insertSql(table, columns, rows, options.placeholder);
        texts.set(key, text);
      }
      const previous = inFlight;
      const current = previous.then(() => options.execute(text, values));
      current.catch(() => {}); // seen by whoever waits next; not an unhandled rejection meanwhile
      inFlight = current;
      return previous.then(() => undefined);
    },
  };
  return { runner, settle: async () => void (await inFlight) };
}

/**
 * Multi-row inserts inside an ordinary transaction, for imports on a live site: nothing is set
 * aside (no index, no trigger), so readers meanwhile see only the rows appear at the commit. One
 * statement of up to a few hundred rows replaces a Kysely insert per row, whose building and
 * round trip cost more than the row itself. Rows are queued in order, so a reply queued after its
 * parent comment is written with or after it. The caller drops the caches once it committed.
 */
export function insertsWithin(db: Db, trx: Transaction<Database>): BulkSession {
  const { runner, settle } = pipelined({
    maxParameters: db.dialect === 'sqlite' ? 2000 : 20_000,
    maxRows: 200,
    placeholder: db.dialect === 'sqlite' ? () => '?' : (n) => `$${n}`,
    async execute(sql, values) {
      // Raw statements pass beside the caches' write watch: the caller drops what it imported.
      await trx.executeQuery(CompiledQuery.raw(sql, values));
    },
  });
  return sessionOver(runner, settle);
}

async function loadSqlite<R>(db: Db, work: (session: BulkSession) => Promise<R>, defer: boolean, tables: readonly Table[]): Promise<R> {
  const file = db.sqliteFile;
  if (!file || file === ':memory:') throw new Error('A bulk load needs an SQLite database file, not an in-memory one.');
  // A second connection to the same file: the application's stays idle meanwhile (WAL lets it read).
  const raw = new DatabaseSync(file, { timeout: 10_000 });
  const statements = new Map<string, StatementSync>();
  const runner: Runner = {
    maxParameters: 2000,
    maxRows: 200,
    run(table, columns, values, rows) {
      const key = `${table}:${rows}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = raw.prepare(insertSql(table, columns, rows, () => '?'));
        statements.set(key, statement);
      }
      statement.run(...(values as SQLInputValue[]));
      return undefined;
    },
  };
  try {
    // Nothing of this load is durable until the commit, so the journal need not be synced meanwhile.
    // A 1 GiB page cache (the full preset makes a 1.6 GB file) keeps pages from spilling to the log
    // and being read back for the index builds: it halved their time. Foreign keys (off on a new
    // connection) are satisfied by construction.
    raw.exec('PRAGMA synchronous = OFF');
    raw.exec('PRAGMA cache_size = -1048576');
    raw.exec('PRAGMA temp_store = MEMORY');
    raw.exec('BEGIN IMMEDIATE');
    const indexes: string[] = [];
    const listIndexes = raw.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`);
    for (const table of tables) {
      for (const index of listIndexes.all(table) as Array<{ name: string; sql: string }>) {
        indexes.push(index.sql);
        raw.exec(`drop index "${index.name}"`);
      }
    }
    let restoreTrigger: string | undefined;
    let firstNewRowid = 0;
    if (defer) {
      const trigger = raw.prepare(`select sql from sqlite_master where type = 'trigger' and name = 'posts_fts_ai'`).get() as
        | { sql: string }
        | undefined;
      if (trigger) {
        restoreTrigger = trigger.sql;
        firstNewRowid = Number((raw.prepare('select coalesce(max(rowid), 0) + 1 as n from posts').get() as { n: number }).n);
        raw.exec('drop trigger posts_fts_ai');
      }
    }
    const session = sessionOver(runner, async () => {});
    const result = await work(session);
    await session.flush();
    for (const index of indexes) raw.exec(index);
    if (restoreTrigger) {
      // What the trigger would have done, for the new rows only, in one statement.
      raw
        .prepare('insert into posts_fts(rowid, title, body_text) select rowid, title, body_text from posts where rowid >= ?')
        .run(firstNewRowid);
      raw.exec(restoreTrigger);
    }
    raw.exec('COMMIT');
    // Moves the load from the write-ahead log into the database file now, not on a reader's time.
    raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return result;
  } catch (error) {
    if (raw.isTransaction) raw.exec('ROLLBACK');
    throw error;
  } finally {
    raw.close();
  }
}

async function loadPostgres<R>(
  kysely: Kysely<Database>,
  work: (session: BulkSession) => Promise<R>,
  defer: boolean,
  tables: readonly Table[],
): Promise<R> {
  return kysely
    .transaction()
    .execute(async (trx: Transaction<Database>) => {
      const exec = async (sql: string, parameters: readonly unknown[] = []) =>
        (await trx.executeQuery(CompiledQuery.raw(sql, [...parameters]))).rows;
      // One statement in flight: the next chunk is generated while PostgreSQL writes this one.
      const { runner, settle } = pipelined({ maxParameters: 65_000, maxRows: 5000, placeholder: (n) => `$${n}`, execute: exec });
      await exec(`set local maintenance_work_mem = '256MB'`);
      // A superuser may skip the per-row foreign-key triggers: the rows are consistent by construction,
      // and checking each one costs more than writing it. Others keep the checks.
      const [role] = (await exec('select rolsuper from pg_roles where rolname = current_user')) as Array<{ rolsuper: boolean }>;
      if (role?.rolsuper) await exec('set local session_replication_role = replica');
      const indexes: string[] = [];
      for (const table of tables) {
        const found = (await exec(
          `select indexname, indexdef from pg_indexes i where schemaname = current_schema() and tablename = $1
           and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
          [table],
        )) as Array<{ indexname: string; indexdef: string }>;
        for (const index of found) {
          if (index.indexname === 'posts_search_idx') continue; // see below
          indexes.push(index.indexdef);
          await exec(`drop index "${index.indexname}"`);
        }
      }
      let rebuild: string | undefined;
      if (defer) {
        const [index] = (await exec(
          `select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'posts_search_idx'`,
        )) as Array<{ indexdef: string }>;
        if (index) {
          rebuild = index.indexdef;
          await exec('drop index posts_search_idx');
        }
      }
      const session = sessionOver(runner, settle);
      const result = await work(session);
      await session.flush();
      for (const index of indexes) await exec(index);
      if (rebuild) await exec(rebuild);
      return result;
    })
    .then(async (result) => {
      // What autovacuum would do shortly anyway, done now: fresh statistics so the first queries are
      // planned well, and the visibility map set so index-only scans work (and autovacuum does not
      // start on a million new rows in the middle of whatever runs next, a benchmark say).
      for (const table of ['users', 'posts', 'post_tags', 'comments', 'enrolments', 'completions', 'external_blogs']) {
        await kysely.executeQuery(CompiledQuery.raw(`vacuum (analyze) ${table}`));
      }
      return result;
    });
}
