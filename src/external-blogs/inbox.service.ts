import type { AppContext } from '../context.ts';
import type { ExternalPostsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { feedUrlOfBlog, findPost, listUnplacedPosts, updatePost } from './blogs.queries.ts';
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
  const rows = await listUnplacedPosts(ctx.db, userId, 100);
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

async function ownPost(ctx: AppContext, userId: string, postId: string): Promise<ExternalPostsTable> {
  const row = await findPost(ctx.db, postId, userId);
  if (!row) throw new AppError('not_found', 'No such post.');
  return row;
}

/**
 * Places the post on a Thing (or on none), as the member or an organiser chose: the rules leave it
 * alone afterwards. Emits what the programmes listen to: `post.checking` first (they may refuse),
 * `post.withdrawn` for the Thing it leaves, `post.published` for the one it joins.
 */
async function place(
  ctx: AppContext,
  row: ExternalPostsTable,
  thing: { programme: string; number: number } | null,
  rule: 'member' | 'organiser',
): Promise<ExternalPostView> {
  const fields = thing
    ? {
        thing_programme: thing.programme,
        thing_number: thing.number,
        match_status: 'assigned' as const,
        match_rule: rule,
        candidates: null,
      }
    : { thing_programme: null, thing_number: null, match_status: 'unassigned' as const, match_rule: rule, candidates: null };
  const updated = { ...row, ...fields };
  const feedUrl = await feedUrlOfBlog(ctx.db, row.blog_id);
  if (thing) await ctx.events.emit('post.checking', postEvent(updated, feedUrl));
  if (row.thing_programme !== null) await ctx.events.emit('post.withdrawn', { postId: row.id, authorId: row.user_id });
  await updatePost(ctx.db, row.id, fields);
  if (thing) await ctx.events.emit('post.published', postEvent(updated, feedUrl));
  return toPostView(updated);
}

async function requireAuthorsThing(ctx: AppContext, authorId: string, thing: { programme: string; number: number }, message: string) {
  const things = await thingDirectory(ctx).thingsForMember(ctx, authorId);
  if (!things.some((t) => t.programme === thing.programme && t.number === thing.number)) {
    throw new AppError('unprocessable', message, { fields: { thing: 'Choose one of the Things offered.' } });
  }
}

/** Links the post to one of the member's Things; programmes may refuse through `post.checking`. */
export async function assignPost(
  ctx: AppContext,
  userId: string,
  postId: string,
  thing: { programme: string; number: number },
): Promise<ExternalPostView> {
  const row = await ownPost(ctx, userId, postId);
  await requireAuthorsThing(ctx, userId, thing, 'That Thing is not in a programme you follow.');
  return place(ctx, row, thing, 'member');
}

/** Unlinks the post from its Thing; it stays here, unassigned, and the rules leave it alone. */
export async function unassignPost(ctx: AppContext, userId: string, postId: string): Promise<ExternalPostView> {
  const row = await ownPost(ctx, userId, postId);
  return place(ctx, row, null, 'member');
}

/**
 * An organiser's override of a participant's external post placed in `programme`: moves it to
 * another of that programme's Things (one its author is enrolled for) or unassigns it. Whether the
 * actor runs the programme is the caller's to check (the programmes capability); this checks the
 * post is placed there, and logs who did it. The author's inbox then shows an unassigned post.
 */
export async function overridePostPlacement(
  ctx: AppContext,
  actor: { id: string; handle: string },
  postId: string,
  programme: string,
  number: number | null,
): Promise<ExternalPostView> {
  const row = await findPost(ctx.db, postId);
  if (!row || row.thing_programme !== programme) throw new AppError('not_found', 'That post is not placed in this programme.');
  if (number !== null)
    await requireAuthorsThing(
      ctx,
      row.user_id,
      { programme, number },
      `There is no Thing ${number} this participant can answer in this programme.`,
    );
  const view = await place(ctx, row, number === null ? null : { programme, number }, 'organiser');
  ctx.log.info(
    {
      postId,
      authorId: row.user_id,
      by: actor.id,
      byHandle: actor.handle,
      from: { programme: row.thing_programme, number: row.thing_number },
      to: number === null ? null : { programme, number },
    },
    'organiser overrode an external post’s Thing',
  );
  return view;
}
