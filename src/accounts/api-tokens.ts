import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { accountFromRow, type Account } from './accounts.service.ts';
import { usersWithRoles } from './accounts.queries.ts';
import { hashToken, newSecretToken } from './secrets.ts';

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** A new API token for a person; the clear token is shown once and only its hash is kept. */
export async function createApiToken(ctx: AppContext, userId: string, name: string): Promise<{ id: string; token: string }> {
  const label = name.trim().slice(0, 80) || 'API token';
  const token = newSecretToken('cp_');
  const id = newId();
  await ctx.db.kysely
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      name: label,
      token_hash: hashToken(token),
      created_at: ctx.clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

/**
 * The account behind a live token and when its use was last recorded, or undefined, in one read.
 * Records the use (at most hourly). Signed-in requests ask through viewers.ts, which keeps the answer.
 */
export async function accountFromApiToken(ctx: AppContext, token: string): Promise<{ account: Account; usedAt: number } | undefined> {
  const row = await usersWithRoles(ctx.db)
    .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_used_at'])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = ctx.clock.now();
  let usedAt = row.token_used_at ? Date.parse(row.token_used_at) : Number.NaN;
  if (!(now.getTime() - usedAt <= 3_600_000)) {
    usedAt = now.getTime();
    // Recording use changes no kept viewer: declared, so the write drops nothing.
    await ctx.cache.changing({ tables: ['api_tokens'] }, () =>
      ctx.db.kysely.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute(),
    );
  }
  return { account: accountFromRow(row), usedAt };
}

export async function listApiTokens(ctx: AppContext, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await ctx.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Revokes one of the person's own tokens; another person's token is "not found". */
export async function revokeApiToken(ctx: AppContext, userId: string, tokenId: string): Promise<void> {
  const result = await ctx.db.kysely
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock.now().toISOString() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError('not_found', 'No such token.');
}
