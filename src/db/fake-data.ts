import { handleKey, emailKey } from '../accounts/accounts.queries.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';
import type { UsersTable } from './schema.ts';

export interface FakeDataOptions {
  readonly members: number;
  /** Called after each batch with (done, total) so a terminal can show progress. */
  readonly progress?: (done: number, total: number) => void;
}

/** Everyone made here shares this password, so benchmarks can sign in as any of them. */
export const FAKE_MEMBER_PASSWORD = 'fake data member password';

const first = ['Ada', 'Ben', 'Cleo', 'Dev', 'Efe', 'Fran', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kit', 'Lior', 'Mo', 'Nell', 'Oz', 'Pia', 'Quin', 'Ros', 'Sol', 'Tam'];
const last = ['Archer', 'Binder', 'Cole', 'Dewey', 'Ellis', 'Folio', 'Grant', 'Hale', 'Index', 'Jones', 'Keane', 'Lamb', 'Marsh', 'Noble', 'Orr', 'Page'];

/**
 * Volume for benchmarks: members (and, as capabilities grow, their content), inserted in batches.
 * One password hash is shared, since hashing is deliberately slow.
 */
export async function makeFakeData(ctx: AppContext, options: FakeDataOptions): Promise<{ members: number }> {
  const passwordHash = await hashPassword(FAKE_MEMBER_PASSWORD);
  const now = ctx.clock.now().toISOString();
  const batch = 500;
  const runId = Date.now().toString(36);
  for (let start = 0; start < options.members; start += batch) {
    const rows: UsersTable[] = [];
    for (let i = start; i < Math.min(start + batch, options.members); i++) {
      const handle = `fake_${runId}_${i}`;
      rows.push({
        id: newId(),
        handle,
        handle_key: handleKey(handle),
        email: `${handle}@example.org`,
        email_key: emailKey(`${handle}@example.org`),
        display_name: `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`,
        password_hash: passwordHash,
        email_verified_at: now,
        created_at: now,
        updated_at: now,
      });
    }
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(rows).execute();
      await trx.insertInto('user_roles').values(rows.map((r) => ({ user_id: r.id, role: 'member' as const, granted_at: now }))).execute();
    });
    options.progress?.(Math.min(start + batch, options.members), options.members);
  }
  return { members: options.members };
}
