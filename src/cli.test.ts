import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFailure, runCli } from './cli.ts';
import { openDatabase } from './db/database.ts';
import { verifyPassword } from './accounts/passwords.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function io(stdin = '') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-cli-'));
  dirs.push(dir);
  let out = '';
  return {
    dir,
    output: () => out,
    io: { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' }, stdin: Readable.from([Buffer.from(stdin)]), write: (t: string) => void (out += t) },
  };
}

describe('npx commonplace', () => {
  it('lists its commands with --help', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    for (const command of ['serve', 'migrate', 'create-admin', 'fake-data']) expect(t.output()).toContain(command);
  });

  it('migrates an empty database', async () => {
    const t = io();
    expect(await runCli(['migrate'], t.io)).toBe(0);
    expect(t.output()).toContain('up to date');
    const db = openDatabase(`sqlite:${path.join(t.dir, 'commonplace.db')}`);
    const tables = await db.kysely.introspection.getTables();
    expect(tables.map((x) => x.name)).toEqual(expect.arrayContaining(['users', 'sessions', 'api_tokens']));
    await db.close();
  });

  it('creates an administrator with the password from standard input', async () => {
    const t = io('a long admin passphrase\n');
    expect(await runCli(['create-admin', '--handle', 'chief', '--email', 'chief@example.org', '--password-stdin'], t.io)).toBe(0);
    expect(t.output()).toContain('Created administrator @chief');
    const db = openDatabase(`sqlite:${path.join(t.dir, 'commonplace.db')}`);
    const user = await db.kysely.selectFrom('users').selectAll().where('handle', '=', 'chief').executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, 'a long admin passphrase')).toBe(true);
    const roles = await db.kysely.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['admin', 'member', 'moderator', 'organiser']);
    await db.close();
  });

  it('refuses a weak admin password with a reason, and an unknown command', async () => {
    const t = io('password\n');
    const failure = await runCli(['create-admin', '--handle', 'weak', '--email', 'w@example.org', '--password-stdin'], t.io).catch(
      (e: unknown) => e,
    );
    expect(describeFailure(failure)).toMatch(/password: Use at least 12 characters/);
    await expect(runCli(['frobnicate'], io().io)).rejects.toThrow(/unknown command "frobnicate"/);
    await expect(runCli(['create-admin', '--handle', 'x'], io().io)).rejects.toThrow(/--email/);
  });

  it('makes fake members, posts, comments, a programme and external blogs for benchmarks', async () => {
    const t = io();
    const args = ['fake-data', '--preset', 'quick', '--members', '1200', '--posts', '900', '--comments', '3000', '--programme-size', '40'];
    expect(await runCli([...args, '--external-feeds', '3', '--feed-base', 'http://127.0.0.1:8999', '--json'], t.io)).toBe(0);
    const summary = JSON.parse(t.output());
    expect(summary).toMatchObject({
      members: 1200,
      posts: 900,
      comments: 3000,
      externalFeeds: 3,
      programme: { participants: 40, things: 23 },
    });
    expect(summary.busiestPost.comments).toBeGreaterThanOrEqual(50);
    for (const handle of [summary.organiser, summary.participant, summary.profile]) expect(handle).toMatch(/^fake_/);
    const db = openDatabase(`sqlite:${path.join(t.dir, 'commonplace.db')}`);
    const count = async (table: 'users' | 'posts' | 'comments' | 'external_blogs') =>
      Number(
        (
          await db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect([await count('users'), await count('posts'), await count('comments'), await count('external_blogs')]).toEqual([
      1200, 900, 3000, 3,
    ]);
    await db.close();
    await expect(runCli(['fake-data', '--preset', 'huge'], io().io)).rejects.toThrow(/--preset must be one of quick, full/);
  });
});

describe('npx commonplace jobs', () => {
  it('runs a scheduled job once per period and lists the queue', async () => {
    const t = io();
    expect(await runCli(['jobs', 'run', 'purge-expired-sessions'], t.io)).toBe(0);
    expect(t.output()).toMatch(/^Ran purge-expired-sessions for the period starting \d{4}-/);
    expect(await runCli(['jobs', 'run', 'purge-expired-sessions'], t.io)).toBe(0);
    expect(t.output()).toContain('was already run or taken for the period');
    expect(await runCli(['jobs', 'list'], t.io)).toBe(0);
    expect(t.output()).toMatch(/purge-expired-sessions +done 1/);
    expect(t.output()).toContain('Dead letters: 0');
    await expect(runCli(['jobs', 'run', 'no-such-job'], t.io)).rejects.toThrow(/no scheduled job "no-such-job"/);
  });
});
