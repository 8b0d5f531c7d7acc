import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { migrateDown, migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

describeEachDatabase('migrations', (h) => {
  it('are named in time order and can all be reverted and applied again', async () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+$/);

    const db = h().ctx.db;
    const reverted: string[] = [];
    for (let i = 0; i < names.length; i++) reverted.push(...(await migrateDown(db)));
    expect(reverted).toEqual([...names].reverse());
    // On PostgreSQL, only this suite's schema: suites running at the same time have tables in theirs.
    const schema =
      db.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]!.s : undefined;
    const tables = async () => (await db.kysely.introspection.getTables()).filter((t) => !schema || t.schema === schema).map((t) => t.name);
    expect((await tables()).filter((t) => !t.startsWith('kysely_'))).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(names);
    expect(await tables()).toContain('users');
    expect(await migrateToLatest(db)).toEqual([]);
    // One behind: only that one is applied.
    expect(await migrateDown(db)).toEqual([names.at(-1)]);
    expect(await migrateToLatest(db)).toEqual([names.at(-1)]);
  });
});
