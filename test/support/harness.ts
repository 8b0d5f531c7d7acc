import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Hono } from 'hono';
import { createContext } from '../../src/boot.ts';
import type { QueueSettings } from '../../src/jobs/queue.ts';
import { createFixedClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Dialect } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { createApp } from '../../src/web/app.ts';
import type { AppEnv } from '../../src/ui/env.ts';
import { Agent } from './agent.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI === 'true' && !postgresUrl) {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the database tests must run on PostgreSQL too.');
}

/** The databases every database test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dialects: readonly Dialect[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export const BASE_URL = 'http://localhost:3000';

/** A real app on a real, empty, migrated database, with a clock the test controls. */
export interface Harness {
  readonly dialect: Dialect;
  readonly ctx: AppContext;
  readonly app: Hono<AppEnv>;
  readonly clock: ReturnType<typeof createFixedClock>;
  readonly dataDir: string;
  /** A client that keeps cookies, like a browser, and sends a same-site Origin on writes. */
  agent(ip?: string): Agent;
}

export interface HarnessOptions {
  readonly now?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The job queue's timings (tests of retries and recovery shorten them). */
  readonly jobs?: Partial<QueueSettings>;
}

export async function createHarness(dialect: Dialect, options: HarnessOptions = {}): Promise<Harness & { close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-test-'));
  const config: Config = loadConfig({ DATA_DIR: dataDir, BASE_URL, LOG_LEVEL: 'silent', TRUST_PROXY: 'true', ...options.env });
  const clock = createFixedClock(options.now ?? '2026-11-02T09:00:00Z');
  let schema: string | undefined;
  let db;
  if (dialect === 'postgres') {
    schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = openDatabase(postgresUrl!, { searchPath: schema, poolSize: 4 });
  } else {
    db = openDatabase(`sqlite:${path.join(dataDir, 'test.db')}`);
  }
  const ctx = await createContext(config, { clock, db, log: createLogger('silent'), jobs: options.jobs });
  const app = createApp(ctx);
  return {
    dialect,
    ctx,
    app,
    clock,
    dataDir,
    agent: (ip?: string) => new Agent(app, ip),
    async close() {
      await ctx.jobs.stop();
      await db.close();
      if (schema) {
        const admin = new pg.Client({ connectionString: postgresUrl });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.query(`drop schema if exists ${schema}_jobs cascade`);
        await admin.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Declares a suite once per database. The harness is fresh for the suite (tests in it share data,
 * so each makes its own members).
 */
export function describeEachDatabase(title: string, body: (h: () => Harness) => void, options: HarnessOptions = {}): void {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, () => {
      let harness: Awaited<ReturnType<typeof createHarness>> | undefined;
      beforeAll(async () => {
        harness = await createHarness(dialect, options);
      });
      afterAll(async () => {
        await harness?.close();
      });
      body(() => {
        if (!harness) throw new Error('harness not ready');
        return harness;
      });
    });
  }
}
