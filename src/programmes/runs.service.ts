import type { Account } from '../accounts/accounts.service.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { completionTimes, insertCompletions, manualCompletion } from './completions.queries.ts';
import { issueIfComplete } from './credentials.service.ts';
import { canManageProgramme } from './programmes.policy.ts';
import { doneNumbers, findEnrolment, findProgrammeById, type Programme } from './programmes.queries.ts';
import { createProgramme, enrol } from './programmes.service.ts';

/** Export, import, "run again" and carrying completed Things over from an earlier run. */

export const EXPORT_FORMAT = 'commonplace-programme';

/** A programme as a portable JSON document; the same shape `POST /api/v1/programmes` and import accept. */
export function exportProgramme(programme: Programme) {
  return {
    format: EXPORT_FORMAT,
    version: 1,
    slug: programme.slug,
    title: programme.title,
    description: programme.description,
    startsOn: programme.startsOn,
    catchUpWeeks: programme.catchUpWeeks,
    enrolment: programme.enrolment,
    visibility: programme.visibility,
    things: programme.things.map((t) => ({
      number: t.number,
      title: t.title,
      brief: t.brief,
      week: t.week,
      required: t.required,
      tags: t.tags,
      suggestedBy: t.suggestedBy,
      published: t.published,
    })),
  };
}

/** Creates a programme from an exported document, under a new slug and start date if given. */
export async function importProgramme(
  ctx: AppContext,
  viewer: Account | undefined,
  text: string,
  overrides: { slug?: string; startsOn?: string },
): Promise<Programme> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { file: 'That is not a JSON file.' } });
  }
  if (!doc || typeof doc !== 'object' || doc.format !== EXPORT_FORMAT) {
    throw new AppError('bad_input', 'Please correct the marked fields.', {
      fields: { file: 'That is not a programme exported from Commonplace.' },
    });
  }
  return createProgramme(ctx, viewer, {
    ...doc,
    ...(overrides.slug ? { slug: overrides.slug } : {}),
    ...(overrides.startsOn ? { startsOn: overrides.startsOn } : {}),
  });
}

/** Clones a programme with new dates ("run again"); its participants may carry their completions over. */
export async function runAgain(
  ctx: AppContext,
  viewer: Account | undefined,
  programme: Programme,
  input: { slug?: string; startsOn?: string; title?: string },
): Promise<Programme> {
  if (!canManageProgramme(viewer, programme)) throw new AppError('forbidden', 'Only the programme’s organisers can do that.');
  return createProgramme(
    ctx,
    viewer,
    {
      ...exportProgramme(programme),
      slug: input.slug ?? '',
      startsOn: input.startsOn ?? '',
      title: input.title?.trim() || programme.title,
    },
    { previousId: programme.id },
  );
}

/** Completed Things of the earlier run that the new one also has, not yet done in the new one. */
export async function carryableThings(
  ctx: AppContext,
  programme: Programme,
  userId: string,
): Promise<{ previous: Programme; numbers: number[] } | undefined> {
  if (!programme.previousId) return undefined;
  const previous = await findProgrammeById(ctx, programme.previousId);
  if (!previous) return undefined;
  const before = await doneNumbers(ctx.db, previous.id, userId);
  const now = new Set(await doneNumbers(ctx.db, programme.id, userId));
  const here = new Set(programme.things.map((t) => t.number));
  const numbers = before.filter((n) => here.has(n) && !now.has(n)).sort((a, b) => a - b);
  return numbers.length ? { previous, numbers } : undefined;
}

/** Enrols her in the new run and records her earlier completions there (a note says where they came from). */
export async function carryOver(ctx: AppContext, viewer: Account, programme: Programme): Promise<number[]> {
  const carry = await carryableThings(ctx, programme, viewer.id);
  if (!carry) return [];
  if ((await findEnrolment(ctx.db, programme.id, viewer.id))?.status !== 'active') {
    const { status } = await enrol(ctx, viewer, programme, programme.inviteCode);
    if (status !== 'active') throw new AppError('forbidden', 'An organiser must approve your enrolment before you can carry Things over.');
  }
  const now = ctx.clock.now().toISOString();
  const earlier = await completionTimes(ctx.db, carry.previous.id, viewer.id);
  const when = new Map<number, string>();
  for (const e of earlier) if (!when.has(e.number) || e.completed_at < when.get(e.number)!) when.set(e.number, e.completed_at);
  await insertCompletions(
    ctx.db,
    carry.numbers.map((n) => {
      const thing = programme.things.find((t) => t.number === n)!;
      return manualCompletion({
        id: newId(),
        programmeId: programme.id,
        thingId: thing.id,
        userId: viewer.id,
        note: `Carried over from ${carry.previous.title} (done ${when.get(n)?.slice(0, 10) ?? 'earlier'}).`,
        recordedBy: viewer.id,
        // Counted as done by the time the Thing opens in the new run, so it is never "late" there.
        completedAt: [now, thing.opensAt].sort()[0]!,
        createdAt: now,
      });
    }),
  );
  await issueIfComplete(ctx, programme, viewer.id);
  return carry.numbers;
}
