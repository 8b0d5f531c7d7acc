import type { AppContext } from '../context.ts';
import type { EmailTokenPurpose, EmailTokensTable } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { hashToken, newSecretToken } from './secrets.ts';

/** Makes a single-use link token; only its hash is stored. Earlier unused tokens of the same purpose lapse. */
export async function issueEmailToken(
  ctx: AppContext,
  userId: string,
  purpose: EmailTokenPurpose,
  email: string,
  ttlMs: number,
): Promise<string> {
  const token = newSecretToken();
  const now = ctx.clock.now();
  await ctx.db.kysely
    .updateTable('email_tokens')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await ctx.db.kysely
    .insertInto('email_tokens')
    .values({
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: hashToken(token),
      email,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/**
 * Spends a token: returns its row when it is known, unused and unexpired, and marks it used.
 * With `peek`, checks it without spending it (to validate a form before acting).
 */
export async function consumeEmailToken(
  ctx: AppContext,
  token: string,
  purpose: EmailTokenPurpose,
  options: { peek?: boolean } = {},
): Promise<EmailTokensTable | undefined> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db.kysely
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row || options.peek) return row;
  // The `used_at is null` guard makes two simultaneous uses spend it once.
  const spent = await ctx.db.kysely
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? row : undefined;
}
