import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
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

/** The owner of a live token, or undefined. Records when it was last used (at most hourly). */
export async function userIdForApiToken(ctx: AppContext, token: string): Promise<string | undefined> {
  const row = await ctx.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = ctx.clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 3_600_000) {
    await ctx.db.kysely.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return row.user_id;
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
