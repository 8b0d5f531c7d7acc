import { parseArgs } from 'node:util';
import { createContext } from './boot.ts';
import { loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { createAccount, setRoles } from './accounts/accounts.service.ts';
import { findUserByHandle } from './accounts/accounts.queries.ts';
import { makeFakeData } from './db/fake-data.ts';
import { createLogger } from './logger.ts';
import { startServer } from './main.ts';

const help = `Usage: npx commonplace <command> [options]

Commands:
  serve                       start the web server (same as npm start)
  migrate                     apply pending database migrations
  create-admin --handle H --email E --password-stdin [--name "Display Name"]
                              create an administrator (also organiser and moderator);
                              the password is read from standard input
  fake-data --members N       add N fake members for benchmarks (password: "fake data member password")
  help                        show this help

Settings come from the environment: DATABASE_URL, DATA_DIR, PORT, HOST, BASE_URL, SMTP_URL.
`;

/** Where a command reads and writes; tests pass their own. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: AsyncIterable<unknown>;
  write(text: string): void;
}

const processIo: CliIo = { env: process.env, stdin: process.stdin, write: (t) => void process.stdout.write(t) };

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.write(help);
    return 0;
  }
  const config = loadConfig(io.env);
  switch (command) {
    case 'serve': {
      await startServer(config);
      return -1; // keeps running
    }
    case 'migrate': {
      const ctx = await createContext(config, { log: silentLog() });
      await ctx.db.close();
      io.write('Migrations are up to date.\n');
      return 0;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { handle: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      });
      if (!values.handle || !values.email || !values['password-stdin']) {
        throw new Error('create-admin needs --handle, --email and --password-stdin (the password on standard input)');
      }
      const password = await readAll(io.stdin);
      const ctx = await createContext(config, { log: silentLog() });
      try {
        const existing = await findUserByHandle(ctx.db, values.handle);
        if (existing) {
          await setRoles(ctx, existing.id, ['organiser', 'moderator', 'admin']);
          io.write(`@${existing.handle} already existed and is now an administrator.\n`);
        } else {
          const account = await createAccount(
            ctx,
            { handle: values.handle, email: values.email, password, displayName: values.name ?? values.handle },
            { roles: ['organiser', 'moderator', 'admin'], emailVerified: true, silent: true },
          );
          io.write(`Created administrator @${account.handle}.\n`);
        }
      } finally {
        await ctx.db.close();
      }
      return 0;
    }
    case 'fake-data': {
      const { values } = parseArgs({ args: rest, options: { members: { type: 'string', default: '100' } } });
      const members = Number(values.members);
      if (!Number.isInteger(members) || members < 0) throw new Error('--members must be a whole number');
      const ctx = await createContext(config, { log: silentLog() });
      const started = performance.now();
      try {
        const tty = process.stderr.isTTY;
        await makeFakeData(ctx, {
          members,
          progress: (done, total) => {
            if (tty) process.stderr.write(`\r  members ${done}/${total}`);
          },
        });
        if (tty) process.stderr.write('\n');
      } finally {
        await ctx.db.close();
      }
      io.write(`Made ${members} members in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
      return 0;
    }
    default:
      throw new Error(`unknown command "${command}"; run "npx commonplace --help" to list commands`);
  }
}

/** Commands print their own one-line results; only problems are worth a log line. */
function silentLog() {
  return createLogger('warn');
}

/** One line a person can act on, from any failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof AppError && error.fields) {
    return `${error.message} ${Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join(' ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
