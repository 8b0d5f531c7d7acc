import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeSummary, importBlog, readExportFile } from './blogs/import/import.service.ts';
import { createContext } from './boot.ts';
import { loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { createAccount, setRoles } from './accounts/accounts.service.ts';
import { findUserByHandle } from './accounts/accounts.queries.ts';
import { FAKE_DATA_PRESETS, makeFakeData } from './dev-data/fake-data.ts';
import { createLogger } from './logger.ts';
import { enqueueScheduled } from './jobs/runner.ts';
import { schedule } from './jobs/schedule.ts';
import type { AppContext } from './context.ts';
import { startServer, startWorker, stopOnSignals } from './main.ts';

const help = `Usage: npx commonplace <command> [options]

Commands:
  serve [--role web|worker|all]
                              start the web server (same as npm start); web: requests only,
                              worker: the job queue and schedule only, all (default): both
  migrate                     apply pending database migrations
  create-admin --handle H --email E --password-stdin [--name "Display Name"]
                              create an administrator (also organiser and moderator);
                              the password is read from standard input
  fake-data [--preset quick|full] [--members N] [--posts N] [--comments N] [--programme-size N]
            [--external-feeds N --feed-base URL] [--json]
                              add volume for benchmarks: members, posts, comments, a running
                              programme of N participants, external blogs due for polling from
                              URL/feeds/{i}.xml (quick: 1,000 members, 10,000 posts, 50,000 comments,
                              programme 200; full: 10,000 / 200,000 / 1,000,000 / 2,000; flags
                              override the preset; members' password: "fake data member password")
  import FILE --member H      import a Blogger or WordPress export into H's blog; prints counts
  jobs list                   the scheduled jobs, queue counts by name and state, and dead letters
  jobs run NAME               run one scheduled job now, as the schedule would: once per period
                              (a second run in the same period does nothing)
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
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
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
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'all' } } });
      if (values.role === 'worker') {
        const { stop } = await startWorker(config);
        stopOnSignals(stop);
      } else if (values.role === 'all' || values.role === 'web') {
        await startServer(config, { role: values.role });
      } else throw new Error('--role must be web, worker or all');
      return -1; // keeps running
    }
    case 'jobs': {
      const ctx = await createContext(config, { log: silentLog() });
      try {
        await jobsCommand(ctx, io, rest);
      } finally {
        await closeContext(ctx);
      }
      return 0;
    }
    case 'migrate': {
      const ctx = await createContext(config, { log: silentLog() });
      await closeContext(ctx);
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
        await closeContext(ctx);
      }
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { member: { type: 'string' } } });
      const file = positionals[0];
      if (!file || !values.member)
        throw new Error('import needs a file and --member HANDLE, as in: npx commonplace import export.xml --member jo');
      const ctx = await createContext(config, { log: silentLog() });
      try {
        const member = await findUserByHandle(ctx.db, values.member);
        if (!member) throw new Error(`there is no member @${values.member.replace(/^@/, '')}`);
        // A progress line only on a terminal; pipes and tests get the summary alone.
        const tty = io === processIo && process.stdout.isTTY === true;
        const mb = (n: number) => (n / 1_048_576).toFixed(1);
        const blog = await readExportFile(file, (read, total) => {
          if (tty)
            process.stdout.write(
              `\rReading ${path.basename(file)}: ${total ? Math.floor((read / total) * 100) : 100}% (${mb(read)} of ${mb(total)} MB)`,
            );
        });
        if (tty) process.stdout.write(`${`\rSaving ${blog.posts.length} posts…`.padEnd(60)}\n`);
        const summary = await importBlog(ctx, member, blog);
        io.write(`${describeSummary(summary)}\n`);
      } finally {
        await closeContext(ctx);
      }
      return 0;
    }
    case 'fake-data': {
      const { values } = parseArgs({
        args: rest,
        options: {
          preset: { type: 'string' },
          members: { type: 'string' },
          posts: { type: 'string' },
          comments: { type: 'string' },
          'programme-size': { type: 'string' },
          'external-feeds': { type: 'string' },
          'feed-base': { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      if (values.preset !== undefined && !Object.hasOwn(FAKE_DATA_PRESETS, values.preset)) {
        throw new Error(`--preset must be one of ${Object.keys(FAKE_DATA_PRESETS).join(', ')}`);
      }
      const preset = values.preset ? FAKE_DATA_PRESETS[values.preset as keyof typeof FAKE_DATA_PRESETS] : undefined;
      const count = (name: string, given: string | undefined, fallback: number) => {
        const n = given === undefined ? fallback : Number(given);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
        return n;
      };
      const options = {
        members: count('members', values.members, preset?.members ?? 100),
        posts: count('posts', values.posts, preset?.posts ?? 0),
        comments: count('comments', values.comments, preset?.comments ?? 0),
        programmeSize: count('programme-size', values['programme-size'], preset?.programmeSize ?? 0),
        externalFeeds: count('external-feeds', values['external-feeds'], 0),
        feedBase: values['feed-base'],
      };
      const ctx = await createContext(config, { log: silentLog() });
      const started = performance.now();
      let result;
      try {
        result = await makeFakeData(ctx, { ...options, progress: io === processIo ? fakeDataProgress(process.stderr) : undefined });
      } finally {
        await closeContext(ctx);
      }
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      if (values.json) io.write(`${JSON.stringify({ ...result, handles: result.handles.slice(0, 5), seconds })}\n`);
      else {
        const extra = [
          result.programme ? `a programme of ${result.programme.participants} at /programmes/${result.programme.slug}` : '',
          result.externalFeeds ? `${result.externalFeeds} external blogs` : '',
        ].filter(Boolean);
        io.write(
          `Made ${result.members} members, ${result.posts} posts and ${result.comments} comments${extra.length ? `, ${extra.join(' and ')}` : ''} in ${seconds} s.\n`,
        );
      }
      return 0;
    }
    default:
      throw new Error(`unknown command "${command}"; run "npx commonplace --help" to list commands`);
  }
}

/** Commands print their own one-line results; only problems are worth a log line. */
/** The queue first (it may hold pg-boss timers and connections), then the database. */
async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop();
  await ctx.db.close();
}

async function jobsCommand(ctx: AppContext, io: CliIo, [sub, name]: string[]): Promise<void> {
  if (sub === 'run' && name) {
    const job = schedule.find((j) => j.name === name);
    if (!job) throw new Error(`there is no scheduled job "${name}"; the jobs are ${schedule.map((j) => j.name).join(', ')}`);
    const { key } = await enqueueScheduled(ctx, job);
    const ran = await ctx.jobs.drain({ names: [name] });
    io.write(
      ran > 0
        ? `Ran ${name} for the period starting ${key}.\n`
        : `${name} was already run or taken for the period starting ${key}; nothing more to do.\n`,
    );
    return;
  }
  if (sub !== 'list') throw new Error('jobs needs "list" or "run NAME"');
  const { counts, deadLetters } = await ctx.jobs.overview();
  io.write('Scheduled jobs (UTC):\n');
  for (const j of schedule) io.write(`  ${j.name.padEnd(28)} ${j.cron}\n`);
  io.write('Queue:\n');
  const names = [...new Set(counts.map((c) => c.name))];
  if (names.length === 0) io.write('  (empty)\n');
  for (const n of names) {
    const line = counts
      .filter((c) => c.name === n)
      .map((c) => `${c.state} ${c.count}`)
      .join(' · ');
    io.write(`  ${n.padEnd(28)} ${line}\n`);
  }
  io.write(`Dead letters: ${deadLetters.length}\n`);
  for (const d of deadLetters) io.write(`  ${d.id}  ${d.name}  after ${d.attempts} attempts: ${d.lastError}\n`);
}

function silentLog() {
  return createLogger('warn');
}

/**
 * Progress of fake-data on standard error: one line per phase rewritten in place on a terminal,
 * otherwise a line about every tenth of the way, so a log stays short.
 */
function fakeDataProgress(stream: NodeJS.WriteStream) {
  let phase = '';
  let shown = -1;
  return (what: string, done: number, total: number) => {
    if (what !== phase) {
      phase = what;
      shown = -1;
    }
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (stream.isTTY) {
      stream.write(`\r  ${what}: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}   ${done >= total ? '\n' : ''}`);
    } else if (tenth > shown) {
      shown = tenth;
      stream.write(`fake-data: ${what} ${done} of ${total} (${tenth * 10}%)\n`);
    }
  };
}

/** One line a person can act on, from any failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof AppError && error.fields) {
    return `${error.message} ${Object.entries(error.fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join(' ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
