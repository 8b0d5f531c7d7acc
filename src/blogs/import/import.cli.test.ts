import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli.ts';
import { openDatabase } from '../../db/database.ts';

const fixture = (name: string) => path.join(import.meta.dirname, '../../../test/fixtures', name);

describe('npx commonplace import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-import-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = async (args: string[], stdin = '') => {
    let out = '';
    const code = await runCli(args, {
      env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
      stdin: Readable.from([Buffer.from(stdin)]),
      write: (t) => void (out += t),
    });
    return { code, out };
  };

  it('imports a WordPress export into a member’s blog, prints counts, and adds nothing the second time', async () => {
    expect(
      (await run(['create-admin', '--handle', 'june', '--email', 'june@example.org', '--password-stdin'], 'a long enough passphrase')).code,
    ).toBe(0);
    const first = await run(['import', fixture('wordpress-1.2.xml'), '--member', 'june']);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      'WordPress export: imported 3 posts and 1 draft (1 page among them), 3 comments; 0 already imported before; 2 entries left out.\n',
    );
    const second = await run(['import', fixture('wordpress-1.2.xml'), '--member', 'june']);
    expect(second.out).toContain('imported 0 posts and 0 drafts');
    expect(second.out).toContain('7 already imported before');
    const db = openDatabase(`sqlite:${path.join(dir, 'commonplace.db')}`);
    expect(await db.kysely.selectFrom('posts').select('id').execute()).toHaveLength(4);
    await db.close();
  });

  it('fails with a one-line reason for a missing member, file or bad XML', async () => {
    await expect(run(['import', fixture('wordpress-1.2.xml'), '--member', 'nobody'])).rejects.toThrow('there is no member @nobody');
    await expect(run(['import', fixture('missing.xml'), '--member', 'june'])).rejects.toThrow(/There is no file at/);
    await expect(run(['import', fixture('malformed-export.xml'), '--member', 'june'])).rejects.toThrow(/not well-formed XML: line 13/);
    await expect(run(['import'])).rejects.toThrow(/needs a file and --member/);
  });
});
