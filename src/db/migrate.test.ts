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
    // Kysely's PostgreSQL introspection lists every schema's tables, other suites' included: keep ours.
    const own = h().dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db.kysely)).rows[0]!.s : undefined;
    const tables = (await db.kysely.introspection.getTables()).filter((t) => own === undefined || t.schema === own).map((t) => t.name);
    expect(tables.filter((t) => !t.startsWith('kysely_'))).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(names);
    expect(await migrateToLatest(db)).toEqual([]);
  });
});
