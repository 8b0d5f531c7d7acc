import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { defineCache, tags } from './index.ts';

const probe = defineCache<string>({ name: 'write-watch-probe', ttlMs: 60_000, maxEntries: 10 });

describeEachDatabase('the caches’ write watch', (h) => {
  const keep = (key: string, ...with_: string[]) => h().ctx.cache.use(probe).set(key, 'kept', with_);
  const kept = (key: string) => h().ctx.cache.use(probe).get(key) !== undefined;

  it('drops everything on a write nobody described, nothing on reads nor on sign-in bookkeeping', async () => {
    const { db } = h().ctx;
    const member = await createMember(h().ctx, { handle: 'watch_member' });
    keep('a', tags.post('1'));
    await db.kysely.selectFrom('users').selectAll().execute();
    await db.kysely.updateTable('sessions').set({ last_seen_at: new Date().toISOString() }).where('user_id', '=', member.id).execute();
    await db.kysely.deleteFrom('email_tokens').where('user_id', '=', member.id).execute();
    expect(kept('a')).toBe(true);

    await db.kysely.updateTable('users').set({ display_name: 'Renamed' }).where('id', '=', member.id).execute();
    expect(kept('a')).toBe(false);

    keep('b', tags.member(member.id));
    await db.kysely.transaction().execute((trx) => trx.deleteFrom('post_tags').where('tag', '=', 'none-such').execute());
    expect(kept('b')).toBe(false);
  });

  it('drops only the named tags for writes inside a change that covers their tables', async () => {
    const { db, cache } = h().ctx;
    const member = await createMember(h().ctx, { handle: 'watch_changer' });
    keep('mine', tags.member(member.id));
    keep('other', tags.member('someone-else'));
    await cache.changing({ tables: ['users'], tags: [tags.member(member.id)] }, () =>
      db.kysely.updateTable('users').set({ display_name: 'Changed' }).where('id', '=', member.id).execute(),
    );
    expect(kept('mine')).toBe(false);
    expect(kept('other')).toBe(true);

    // Work left running after a change ended is no longer covered by it.
    keep('late', tags.member('someone-else'));
    let late: Promise<unknown> | undefined;
    await cache.changing({ tables: ['users'], tags: [tags.member(member.id)] }, async () => {
      late = new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
        db.kysely.updateTable('users').set({ display_name: 'Later' }).where('id', '=', member.id).execute(),
      );
    });
    expect(kept('late')).toBe(true);
    await late;
    expect(kept('late')).toBe(false);
    keep('other', tags.member('someone-else'));

    // A table the change did not name is not covered by it: everything goes.
    await cache.changing({ tables: ['users'], tags: [tags.member(member.id)] }, () =>
      db.kysely.deleteFrom('post_tags').where('tag', '=', 'none-such').execute(),
    );
    expect(kept('other')).toBe(false);
  });
});
