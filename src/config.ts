import path from 'node:path';
import { z } from 'zod';

/** Every setting Commonplace reads, validated once at start-up. See the README for what each means. */
const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Commonplace <no-reply@localhost>'),
  FEED_ALLOW_PRIVATE: z.string().optional(),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
  PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(2),
  PAGE_CACHE_MB: z.coerce.number().min(1).max(4096).default(32),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly feedAllowPrivate: readonly string[];
  readonly trustProxy: boolean;
  readonly logLevel: string;
  /** How long anonymous readers' pages are kept; 0 turns the page cache off. */
  readonly pageCacheSeconds: number;
  /** The memory anonymous readers' pages may take, in bytes (least recently read go first). */
  readonly pageCacheBytes: number;
  /** True when BASE_URL is https: cookies get `Secure` and answers get HSTS. */
  readonly secure: boolean;
}

/** Reads the settings from an environment; throws one message naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = settingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const s = parsed.data;
  const dataDir = path.resolve(s.DATA_DIR);
  const baseUrl = (s.BASE_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, '');
  return {
    port: s.PORT,
    host: s.HOST,
    baseUrl,
    databaseUrl: s.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'commonplace.db')}`,
    dataDir,
    smtpUrl: s.SMTP_URL,
    mailFrom: s.MAIL_FROM,
    feedAllowPrivate: (s.FEED_ALLOW_PRIVATE ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    trustProxy: s.TRUST_PROXY,
    logLevel: s.LOG_LEVEL,
    pageCacheSeconds: s.PAGE_CACHE_SECONDS,
    pageCacheBytes: s.PAGE_CACHE_MB * 1024 * 1024,
    secure: baseUrl.startsWith('https://'),
  };
}
