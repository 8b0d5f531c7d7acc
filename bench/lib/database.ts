// A throw-away database per benchmark run (a fresh SQLite file, or a fresh PostgreSQL database on
// the server named by BENCH_DATABASE_URL / TEST_DATABASE_URL), and a small way for the bench process
// to run its own statements on it (making feeds due, spreading them over the farm's hosts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface BenchDatabase {
  readonly kind: DatabaseKind;
  /** DATA_DIR and DATABASE_URL for Commonplace and its command line. */
  readonly env: Readonly<Record<string, string>>;
  readonly dataDir: string;
  /** Runs one statement written with `?` placeholders; answers the rows, if any. */
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Closes the bench's own connection and removes the database and its files. */
  dispose(): Promise<void>;
}

/** The PostgreSQL server to use, or undefined when none is configured (the run then skips it). */
export function postgresAdminUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
}

export async function createBenchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `commonplace-bench-${kind}-`));
  if (kind === 'sqlite') {
    const file = path.join(dataDir, 'commonplace.db');
    let handle: DatabaseSync | undefined;
    // Opened lazily: the file is made by Commonplace's own migrations.
    const open = () => (handle ??= new DatabaseSync(file));
    return {
      kind,
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${file}` },
      async query(text, params = []) {
        const statement = open().prepare(text);
        if (/^\s*select/i.test(text)) return statement.all(...(params as never[])) as Record<string, unknown>[];
        statement.run(...(params as never[]));
        return [];
      },
      async dispose() {
        handle?.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const admin = postgresAdminUrl();
  if (!admin) throw new Error('PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `commonplace_bench_${process.pid}_${Date.now().toString(36)}`;
  const adminUrl = new URL(admin);
  adminUrl.pathname = '/postgres';
  const adminClient = new pg.Client({ connectionString: adminUrl.toString() });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let client: pg.Client | undefined;
  const connect = async () => {
    if (!client) {
      client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
    }
    return client;
  };
  return {
    kind,
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async query(text, params = []) {
      let n = 0;
      const result = await (await connect()).query(
        text.replace(/\?/g, () => `$${++n}`),
        params as unknown[],
      );
      return result.rows as Record<string, unknown>[];
    },
    async dispose() {
      await client?.end();
      const closing = new pg.Client({ connectionString: adminUrl.toString() });
      await closing.connect();
      try {
        await closing.query(`drop database if exists ${name} with (force)`);
      } finally {
        await closing.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
