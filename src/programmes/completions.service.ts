import type { Account } from '../accounts/accounts.service.ts';
import { type ChangeScope, tags } from '../cache/index.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { PostEvent } from '../events.ts';
import { newId } from '../ids.ts';
import { issueIfComplete } from './credentials.service.ts';
import {
  deletePostCompletion,
  findManualCompletionId,
  insertCompletions,
  manualCompletion,
  savePostCompletion,
  updateCompletion,
} from './completions.queries.ts';
import { canManageProgramme } from './programmes.policy.ts';
import { findEnrolment, findProgrammeBySlug, findUserIdByHandle, type Programme } from './programmes.queries.ts';

/**
 * A Thing is done when a row in `completions` says so: a post that answers it (copied from the
 * blogs capability's events, so the Thing page never reads the blogs tables) or an organiser's mark.
 */

/** A completion shows on its programme's pages (Thing, cohort, standings, feeds) and its member's dashboard. */
function completionTags(c: { programme_id: string; thing_id: string; user_id: string }): string[] {
  return [tags.programme(c.programme_id), tags.thing(c.thing_id), tags.member(c.user_id)];
}

/** Runs a write to the completions of one post, dropping what they showed before and after. */
async function changingPostCompletion<R>(ctx: AppContext, postId: string, write: (change: ChangeScope) => Promise<R>): Promise<R> {
  const before = await ctx.db.kysely
    .selectFrom('completions')
    .select(['programme_id', 'thing_id', 'user_id'])
    .where('post_id', '=', postId)
    .execute();
  return ctx.cache.changing({ tables: ['completions'], tags: before.flatMap(completionTags) }, write);
}

async function linkedThing(ctx: AppContext, thing: NonNullable<PostEvent['thing']>) {
  const programme = await findProgrammeBySlug(ctx, thing.programme);
  const found = programme?.things.find((t) => t.number === thing.number && t.published);
  return programme && found ? { programme, thing: found } : undefined;
}

/** Before a post linking a Thing is saved: refuse a Thing that does not exist or an author not enrolled. */
export async function checkPostLink(ctx: AppContext, event: PostEvent): Promise<void> {
  if (!event.thing) return;
  const linked = await linkedThing(ctx, event.thing);
  if (!linked) throw new AppError('unprocessable', `There is no Thing ${event.thing.number} in the programme “${event.thing.programme}”.`);
  const enrolment = await findEnrolment(ctx.db, linked.programme.id, event.authorId);
  if (enrolment?.status !== 'active') {
    throw new AppError(
      'unprocessable',
      `You are not enrolled in “${linked.programme.title}”: enrol first, then link your post to its Things.`,
    );
  }
}

/** After a post is published or edited: it answers its Thing (once), or no longer answers an old one. */
export async function recordPostCompletion(ctx: AppContext, event: PostEvent): Promise<void> {
  const linked = event.thing ? await linkedThing(ctx, event.thing) : undefined;
  const enrolled = linked && (await findEnrolment(ctx.db, linked.programme.id, event.authorId))?.status === 'active';
  if (!linked || !enrolled) {
    // Unlinked, linked elsewhere, or no longer answerable: it stops counting for any Thing.
    await changingPostCompletion(ctx, event.postId, () => deletePostCompletion(ctx.db, event.postId));
    if (event.thing) ctx.log.info({ postId: event.postId, thing: event.thing }, 'post links a Thing it cannot answer; not counted');
    return;
  }
  const values = {
    programme_id: linked.programme.id,
    thing_id: linked.thing.id,
    user_id: event.authorId,
    source: event.source === 'external' ? ('external' as const) : ('post' as const),
    post_url: event.url,
    post_title: event.title.slice(0, 300),
    excerpt: event.excerpt.slice(0, 600),
    visibility: event.visibility,
    completed_at: event.publishedAt,
  };
  await changingPostCompletion(ctx, event.postId, async (change) => {
    change.also(...completionTags(values));
    await savePostCompletion(ctx.db, event.postId, values, { id: newId(), at: ctx.clock.now().toISOString() });
  });
  await issueIfComplete(ctx, linked.programme, event.authorId);
}

/** After a post is deleted, back to draft or unlinked: it no longer answers any Thing. */
export async function withdrawPostCompletion(ctx: AppContext, event: { postId: string }): Promise<void> {
  await changingPostCompletion(ctx, event.postId, () => deletePostCompletion(ctx.db, event.postId));
}

/**
 * An organiser marks a Thing done for a participant, with a note (e.g. "showed me in the session").
 * Marking again replaces the note.
 */
export async function markDone(
  ctx: AppContext,
  viewer: Account | undefined,
  programme: Programme,
  number: number,
  input: { handle?: string; note?: string /** For seeds and imports only: when it was done (default now). */; completedAt?: string },
): Promise<{ created: boolean }> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can mark Things done.');
  const thing = programme.things.find((t) => t.number === number);
  if (!thing) throw new AppError('not_found', `There is no Thing ${number} in this programme.`);
  const note = (input.note ?? '').trim();
  const fields: Record<string, string> = {};
  const user = input.handle?.trim() ? await findUserIdByHandle(ctx.db, input.handle) : undefined;
  const enrolment = user && (await findEnrolment(ctx.db, programme.id, user.id));
  if (!input.handle?.trim()) fields.handle = 'Enter the participant’s handle.';
  else if (enrolment?.status !== 'active') fields.handle = `No participant of this programme has the handle “${input.handle.trim()}”.`;
  if (!note) fields.note = 'Say briefly how the Thing was done.';
  else if (note.length > 1000) fields.note = 'Keep the note under 1,000 characters.';
  if (Object.keys(fields).length) throw new AppError('bad_input', 'Please correct the marked fields.', { fields });

  const now = ctx.clock.now().toISOString();
  const existing = await findManualCompletionId(ctx.db, thing.id, user!.id);
  const change = { tables: ['completions'], tags: completionTags({ programme_id: programme.id, thing_id: thing.id, user_id: user!.id }) };
  if (existing) {
    await ctx.cache.changing(change, () => updateCompletion(ctx.db, existing, { note, recorded_by: viewer!.id }));
  } else {
    await ctx.cache.changing(change, () =>
      insertCompletions(ctx.db, [
        manualCompletion({
          id: newId(),
          programmeId: programme.id,
          thingId: thing.id,
          userId: user!.id,
          note,
          recordedBy: viewer!.id,
          completedAt: input.completedAt ?? now,
          createdAt: now,
        }),
      ]),
    );
  }
  await issueIfComplete(ctx, programme, user!.id);
  return { created: !existing };
}
