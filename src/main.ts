import { serve } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import { createContext } from './boot.ts';
import { loadConfig, type Config } from './config.ts';
import { seedIfEmpty } from './dev-data/seed.ts';
import { createLogger } from './logger.ts';
import { pino } from 'pino';
import { startScheduler } from './jobs/runner.ts';
import { createApp } from './web/app.ts';

/** What a process runs: `all` (the default) serves requests and runs the queue and schedule. */
export type ServerRole = 'all' | 'web';

/**
 * Start-up: config → database → migrations → seed → server + schedule + queue workers (role `web`:
 * the server only, for processes beside a `serve --role worker`). Resolves once listening.
 */
export async function startServer(
  config: Config = loadConfig(),
  { role = 'all' }: { role?: ServerRole } = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  // Buffered log writes keep one syscall per request off the hot path; flushed on stop.
  const log = createLogger(config.logLevel, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
  const ctx = await createContext(config, { log });
  const seeded = await seedIfEmpty(ctx);
  const app = createApp(ctx);
  const stopSchedule = role === 'all' ? startScheduler(ctx) : () => {};
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Workers start once the server answers: /healthz does not wait for the queue (or pg-boss) to start.
  if (role === 'all') ctx.jobs.start();
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ctx.log.info({ url, database: ctx.db.dialect, node: process.version }, 'Commonplace is listening');
  if (seeded) {
    // Shown once, on the terminal only: the password is never stored in clear or logged.
    process.stdout.write(
      `\n  Commonplace is ready at ${config.baseUrl}\n` +
        `  A demo organiser account was created. Sign in with\n` +
        `    handle:   ${seeded.organiserHandle}\n` +
        `    password: ${seeded.organiserPassword}\n` +
        `  This password is shown only now; change it in Settings.\n\n`,
    );
  }
  const stop = async () => {
    stopSchedule();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ctx.jobs.stop();
    await ctx.db.close();
    log.flush();
  };
  return { url, stop };
}

/** `serve --role worker`: the queue's workers and the schedule, no HTTP server. */
export async function startWorker(config: Config = loadConfig()): Promise<{ stop: () => Promise<void> }> {
  const log = createLogger(config.logLevel);
  const ctx = await createContext(config, { log });
  const stopSchedule = startScheduler(ctx);
  ctx.jobs.start();
  // The queue's timers do not keep a process alive; a worker must stay until it is stopped.
  const alive = setInterval(() => {}, 3_600_000);
  ctx.log.info({ database: ctx.db.dialect, node: process.version }, 'Commonplace worker is running');
  return {
    async stop() {
      clearInterval(alive);
      stopSchedule();
      await ctx.jobs.stop();
      await ctx.db.close();
    },
  };
}

/** Stops cleanly on SIGINT / SIGTERM (the jobs in hand finish first), then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  const shutdown = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startServer()
    .then(({ stop }) => stopOnSignals(stop))
    .catch((error: unknown) => {
      process.stderr.write(`Commonplace could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
