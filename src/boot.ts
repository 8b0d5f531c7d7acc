import { createCaches, watchWrites } from './cache/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createEventBus } from './events.ts';
import { registerEventHandlers } from './handlers.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer } from './mail/mailer.ts';
import { createMemoryRateLimiter } from './rate-limit.ts';

/** Opens the database, applies migrations and wires the context every capability receives. */
export async function createContext(config: Config, overrides: { clock?: Clock; log?: Logger; db?: Db } = {}): Promise<AppContext> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const opened = overrides.db ?? openDatabase(config.databaseUrl);
  const cache = createCaches({ now: () => clock.now().getTime() });
  // Every write made through the context's database drops what it changed from the caches.
  const db: Db = { ...opened, kysely: opened.kysely.withPlugin(watchWrites(cache)) };
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
  } catch (error) {
    await db.close();
    throw error;
  }
  const ctx: AppContext = {
    db,
    clock,
    config,
    log,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir, log }),
    limiter: createMemoryRateLimiter(clock),
    cache,
    events: createEventBus(),
  };
  registerEventHandlers(ctx);
  return ctx;
}
