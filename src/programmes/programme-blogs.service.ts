import type { Account } from '../accounts/accounts.service.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { blogsOfMembers, type BlogView } from '../external-blogs/blogs.service.ts';
import { bulkRegisterBlogs, consumeBulkAllowance, parseBulkUpload, type BulkReport } from '../external-blogs/bulk.ts';
import { overridePostPlacement } from '../external-blogs/inbox.service.ts';
import { canManageProgramme } from './programmes.policy.ts';
import { listParticipants, type Programme } from './programmes.queries.ts';

/**
 * The programme's side of participants' external blogs (kept by the feeds capability): organisers
 * list them with their health, register them in bulk, and override where a post was placed.
 * Every function here checks that the viewer runs the programme.
 */

export interface ParticipantBlog extends BlogView {
  readonly userId: string;
  readonly handle: string;
  readonly displayName: string;
}

function requireOrganiser(viewer: Account | undefined, programme: Programme): asserts viewer is Account {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
}

/** Every active participant's registered blogs, by participant name. */
export async function participantBlogs(ctx: AppContext, viewer: Account | undefined, programme: Programme): Promise<ParticipantBlog[]> {
  requireOrganiser(viewer, programme);
  const participants = await listParticipants(ctx.db, programme.id);
  const byId = new Map(participants.map((p) => [p.userId, p]));
  const blogs = await blogsOfMembers(
    ctx,
    participants.map((p) => p.userId),
  );
  return blogs
    .map((b) => ({ ...b, handle: byId.get(b.userId)!.handle, displayName: byId.get(b.userId)!.displayName }))
    .sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.handle.localeCompare(b.handle) || a.createdAt.localeCompare(b.createdAt),
    );
}

/**
 * Registers participants' blogs from an uploaded CSV (`handle,url`) or OPML file: only handles of
 * this programme's active participants; the report says what was registered and what failed, and why.
 * Rate limited per organiser (each row is a fetch).
 */
export async function registerParticipantBlogs(
  ctx: AppContext,
  viewer: Account | undefined,
  programme: Programme,
  file: { text: string; name?: string },
): Promise<BulkReport> {
  requireOrganiser(viewer, programme);
  const rows = parseBulkUpload(file.text, file.name);
  consumeBulkAllowance(ctx, viewer.id);
  const participants = await listParticipants(ctx.db, programme.id);
  const report = await bulkRegisterBlogs(ctx, rows, { allowedUserIds: new Set(participants.map((p) => p.userId)) });
  ctx.log.info(
    { programme: programme.slug, by: viewer.id, registered: report.registered.length, failed: report.failed.length },
    'bulk blog registration',
  );
  return {
    registered: report.registered,
    // The feeds capability says "No participant has that handle." for any handle outside the list.
    failed: report.failed.map((f) =>
      f.reason === 'No participant has that handle.'
        ? { ...f, reason: `No participant of ${programme.title} has the handle “${f.handle}”.` }
        : f,
    ),
  };
}

/** An organiser moves a participant's external post to another Thing of the programme, or unassigns it. */
export async function overrideExternalPost(
  ctx: AppContext,
  viewer: Account | undefined,
  programme: Programme,
  postId: string,
  number: number | null,
) {
  requireOrganiser(viewer, programme);
  if (number !== null && !programme.things.some((t) => t.number === number && t.published)) {
    throw new AppError('unprocessable', `There is no published Thing ${number} in this programme.`, {
      fields: { thing: 'Choose one of the Things offered.' },
    });
  }
  return overridePostPlacement(ctx, viewer, postId, programme.slug, number);
}
