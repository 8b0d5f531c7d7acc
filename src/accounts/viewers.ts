import { ANY_WRITE, defineCache, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import type { Account } from '../viewer.ts';
import { accountFromApiToken } from './api-tokens.ts';
import { loadAccount } from './accounts.service.ts';
import { hashToken } from './secrets.ts';
import { sessionNeedsCheck, type SessionInfo, validateSession } from './sessions.ts';

/**
 * Who a session cookie or an API token belongs to, kept in memory so a signed-in request reads
 * nothing to learn it. An entry is dropped at once by whatever could change the answer (see
 * docs/decisions/009): any write to `sessions` or `api_tokens` not declared harmless (ending a
 * session, signing out everywhere, revoking a token), any write readers see (ANY_WRITE: roles,
 * names, emails, a deleted account), and anything that drops the member's own tag. Other processes
 * are told through the cache module's broadcaster once the scale-out issue adds one; until then
 * their entries age out within the TTL.
 */
interface KeptViewer {
  readonly account: Account;
  readonly session?: SessionInfo;
  /** When the token's use was last recorded (ms), for its hourly `last_used_at`. */
  readonly tokenUsedAt?: number;
}

const keptViewers = defineCache<KeptViewer>({ name: 'viewers', ttlMs: 30_000, maxEntries: 10_000 });

const HOUR = 3_600_000;

/** Thrown inside a load so an invalid credential is never kept (a garbage cookie must not fill the cache). */
class NotSignedIn extends Error {}

async function remembered(ctx: AppContext, key: string, table: string, load: () => Promise<KeptViewer | undefined>) {
  const viewers = ctx.cache.use(keptViewers);
  try {
    return await viewers.remember(
      key,
      (kept) => [ANY_WRITE, tags.table(table), tags.member(kept.account.id)],
      async () => {
        const kept = await load();
        if (!kept) throw new NotSignedIn();
        return kept;
      },
    );
  } catch (error) {
    if (error instanceof NotSignedIn) return undefined;
    throw error;
  }
}

/** The session and account behind a session cookie's token, or undefined when it is not (or no longer) valid. */
export async function viewerForSession(ctx: AppContext, token: string): Promise<{ account: Account; session: SessionInfo } | undefined> {
  const key = `session:${hashToken(token)}`;
  const viewers = ctx.cache.use(keptViewers);
  const kept = viewers.get(key);
  // Past its limits or due for its last_seen_at refresh: the database decides, as without the cache.
  if (kept?.session && sessionNeedsCheck(kept.session, ctx.clock.now())) viewers.delete(key);
  const found = await remembered(ctx, key, 'sessions', async () => {
    const session = await validateSession(ctx, token);
    const account = session && (await loadAccount(ctx, session.userId));
    return session && account ? { account, session } : undefined;
  });
  return found?.session ? { account: found.account, session: found.session } : undefined;
}

/** The account behind a live API token, or undefined. */
export async function viewerForApiToken(ctx: AppContext, token: string): Promise<Account | undefined> {
  const key = `token:${hashToken(token)}`;
  const viewers = ctx.cache.use(keptViewers);
  const kept = viewers.get(key);
  if (kept?.tokenUsedAt !== undefined && ctx.clock.now().getTime() - kept.tokenUsedAt > HOUR) viewers.delete(key);
  const found = await remembered(ctx, key, 'api_tokens', async () => {
    const used = await accountFromApiToken(ctx, token);
    return used && { account: used.account, tokenUsedAt: used.usedAt };
  });
  return found?.account;
}
