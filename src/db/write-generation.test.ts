import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

describeEachDatabase('write generation', (h) => {
  it('moves on writes readers can see, not on reads nor on sign-in bookkeeping', async () => {
    const { db } = h().ctx;
    const member = await createMember(h().ctx, { handle: 'gen_member' });
    let before = db.writes.value;
    await db.kysely.selectFrom('users').selectAll().execute();
    expect(db.writes.value).toBe(before);

    await db.kysely.updateTable('users').set({ display_name: 'Renamed' }).where('id', '=', member.id).execute();
    expect(db.writes.value).toBeGreaterThan(before);

    before = db.writes.value;
    await db.kysely.updateTable('sessions').set({ last_seen_at: new Date().toISOString() }).where('user_id', '=', member.id).execute();
    await db.kysely.deleteFrom('email_tokens').where('user_id', '=', member.id).execute();
    expect(db.writes.value).toBe(before);

    await db.kysely.transaction().execute((trx) => trx.deleteFrom('post_tags').where('tag', '=', 'none-such').execute());
    expect(db.writes.value).toBeGreaterThan(before);
  });
});
