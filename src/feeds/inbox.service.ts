import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { postEvent } from './ingest.ts';
import type { ThingCandidate } from './matching.ts';
import { toPostView, type ExternalPostView } from './blogs.service.ts';
import { thingDirectory } from './thing-directory.ts';

/**
 * The member's inbox of external posts not placed (ambiguous, unmatched, or unassigned by her): one
 * click assigns a post to a Thing; a post can be unassigned again. Her choice survives edits.
 */

export interface InboxItem extends ExternalPostView {
  /** Things to choose from: the ambiguous candidates first, then the rest of hers. */
  readonly choices: readonly ThingCandidate[];
}

export async function listInbox(ctx: AppContext, userId: string): Promise<InboxItem[]> {
  const rows = await ctx.db.kysely
    .selectFrom('external_posts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('match_status', 'in', ['ambiguous', 'unmatched', 'unassigned'])
    .orderBy('published_at', 'desc')
    .limit(100)
    .execute();
  if (rows.length === 0) return [];
  const things = await thingDirectory(ctx).thingsForMember(ctx, userId);
  return rows.map((row) => {
    const view = toPostView(row);
    const offered = new Set(view.candidates.map((c) => `${c.programme}/${c.number}`));
    const first = things.filter((t) => offered.has(`${t.programme}/${t.number}`));
    const rest = things.filter((t) => !offered.has(`${t.programme}/${t.number}`));
    return { ...view, choices: [...first, ...rest] };
  });
}

async function ownPost(ctx: AppContext, userId: string, postId: string) {
  const row = await ctx.db.kysely.selectFrom('external_posts').selectAll().where('id', '=', postId).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such post.');
  return row;
}

/** Links the post to one of the member's Things; programmes may refuse through `post.checking`. */
export async function assignPost(ctx: AppContext, userId: string, postId: string, thing: { programme: string; number: number }): Promise<ExternalPostView> {
  const row = await ownPost(ctx, userId, postId);
  const things = await thingDirectory(ctx).thingsForMember(ctx, userId);
  if (!things.some((t) => t.programme === thing.programme && t.number === thing.number)) {
    throw new AppError('unprocessable', 'That Thing is not in a programme you follow.', { fields: { thing: 'Choose one of your Things.' } });
  }
  const updated = { ...row, thing_programme: thing.programme, thing_number: thing.number, match_status: 'assigned' as const, match_rule: 'member', candidates: null };
  const blog = await ctx.db.kysely.selectFrom('external_blogs').select('feed_url').where('id', '=', row.blog_id).executeTakeFirstOrThrow();
  await ctx.events.emit('post.checking', postEvent(updated, blog.feed_url));
  if (row.thing_programme !== null) await ctx.events.emit('post.withdrawn', { postId: row.id, authorId: row.user_id });
  await ctx.db.kysely
    .updateTable('external_posts')
    .set({ thing_programme: thing.programme, thing_number: thing.number, match_status: 'assigned', match_rule: 'member', candidates: null })
    .where('id', '=', postId)
    .execute();
  await ctx.events.emit('post.published', postEvent(updated, blog.feed_url));
  return toPostView(updated);
}

/** Unlinks the post from its Thing; it stays here, unassigned, and the rules leave it alone. */
export async function unassignPost(ctx: AppContext, userId: string, postId: string): Promise<ExternalPostView> {
  const row = await ownPost(ctx, userId, postId);
  await ctx.db.kysely
    .updateTable('external_posts')
    .set({ thing_programme: null, thing_number: null, match_status: 'unassigned', match_rule: 'member', candidates: null })
    .where('id', '=', postId)
    .execute();
  if (row.thing_programme !== null) await ctx.events.emit('post.withdrawn', { postId: row.id, authorId: row.user_id });
  return toPostView({ ...row, thing_programme: null, thing_number: null, match_status: 'unassigned', match_rule: 'member', candidates: null });
}
