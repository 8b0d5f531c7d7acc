import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createContext } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { createMember } from '../dev-data/factories.ts';
import { createLogger } from '../logger.ts';
import { startServer, startWorker } from '../main.ts';

describe('serve --role', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-roles-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('web answers requests and leaves the queue to the worker, which runs it', { timeout: 30_000 }, async () => {
    const ctx = await createContext(config, { log: createLogger('silent') });
    await createMember(ctx); // not an empty database: no demo seed (and its banner) here
    const web = await startServer(config, { role: 'web' });
    try {
      expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
      await ctx.jobs.enqueue('purge-expired-sessions', {}, { key: 'roles-test' });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await ctx.jobs.overview()).counts).toContainEqual({ name: 'purge-expired-sessions', state: 'queued', count: 1 });

      const worker = await startWorker(config);
      try {
        await vi.waitFor(
          async () => {
            expect((await ctx.jobs.overview()).counts).toContainEqual({ name: 'purge-expired-sessions', state: 'done', count: 1 });
          },
          { timeout: 10_000, interval: 200 },
        );
      } finally {
        await worker.stop();
      }
    } finally {
      await web.stop();
      await ctx.jobs.stop();
      await ctx.db.close();
    }
  });
});
