import { emailKey, handleKey } from '../accounts/accounts.queries.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { newSecretToken } from '../accounts/secrets.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';
import type { Programme } from '../programmes/programmes.queries.ts';

/**
 * Enrols `size` new members (confirmed addresses, one shared password) in a programme in a few
 * statements: a national cohort for tests and benchmarks, without 2,000 password hashes.
 */
export async function enrolCohortInBulk(
  ctx: AppContext,
  programme: Programme,
  size: number,
  prefix = 'cohort',
): Promise<{ emails: string[] }> {
  const passwordHash = await hashPassword('bulk cohort member password');
  const now = ctx.clock.now().toISOString();
  const tag = `${prefix}_${Date.now().toString(36)}`;
  const users = Array.from({ length: size }, (_, i) => {
    const handle = `${tag}_${i}`.slice(0, 30);
    const email = `${handle}@example.org`;
    return {
      id: newId(),
      handle,
      handle_key: handleKey(handle),
      email,
      email_key: emailKey(email),
      display_name: `Participant ${i + 1}`,
      password_hash: passwordHash,
      email_verified_at: now,
      created_at: now,
      updated_at: now,
    };
  });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < users.length; i += 500) {
      const chunk = users.slice(i, i + 500);
      await trx.insertInto('users').values(chunk).execute();
      await trx
        .insertInto('user_roles')
        .values(chunk.map((u) => ({ user_id: u.id, role: 'member' as const, granted_at: now })))
        .execute();
      await trx
        .insertInto('enrolments')
        .values(
          chunk.map((u) => ({
            programme_id: programme.id,
            user_id: u.id,
            status: 'active' as const,
            calendar_token: newSecretToken(),
            enrolled_at: now,
          })),
        )
        .execute();
    }
  });
  return { emails: users.map((u) => u.email) };
}
