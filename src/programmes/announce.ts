import type { AppContext } from '../context.ts';
import { notifyMany } from '../notifications/notifications.service.ts';
import { listParticipants } from './programmes.queries.ts';
import { dueAt, opensAt } from './schedule.ts';

/**
 * The scheduled job that opens Things: each published Thing whose week has begun is announced once
 * to the programme's participants (in-site, and by email as each one's settings allow). A Thing
 * published after its week already ended is marked announced quietly, so a late-built programme
 * does not flood anyone. The claim (`announced_at is null` → now) keeps two workers from announcing
 * the same Thing.
 */
export async function announceOpenedThings(ctx: AppContext): Promise<{ announced: number; notified: number }> {
  const now = ctx.clock.now();
  const candidates = await ctx.db.kysely
    .selectFrom('things')
    .innerJoin('programmes', 'programmes.id', 'things.programme_id')
    .select([
      'things.id',
      'things.number',
      'things.title',
      'things.week',
      'programmes.id as programme_id',
      'programmes.slug',
      'programmes.title as programme_title',
      'programmes.starts_on',
    ])
    .where('things.announced_at', 'is', null)
    .where('things.published', '=', 1)
    .where('programmes.starts_on', '<=', now.toISOString().slice(0, 10))
    .execute();
  let announced = 0;
  let notified = 0;
  for (const t of candidates) {
    if (opensAt(t.starts_on, t.week).getTime() > now.getTime()) continue;
    const stillOpen = dueAt(t.starts_on, t.week).getTime() > now.getTime();
    const participants = stillOpen ? await listParticipants(ctx.db, t.programme_id) : [];
    const url = `/programmes/${t.slug}/things/${t.number}`;
    // The claim commits with the notifications and their mail jobs: a worker killed between the two
    // leaves the Thing unannounced, for the next run, rather than claimed and never told.
    const claimed = await ctx.db.kysely.transaction().execute(async (trx) => {
      const claim = await trx
        .updateTable('things')
        .set({ announced_at: now.toISOString() })
        .where('id', '=', t.id)
        .where('announced_at', 'is', null)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) === 0) return false;
      await notifyMany(
        ctx,
        participants.map((p) => ({
          userId: p.userId,
          kind: 'thing-opened',
          text: `Thing ${t.number} of ${t.programme_title} is open: ${t.title}`,
          url,
          email: {
            subject: `Thing ${t.number} is open: ${t.title}`,
            text: `Hello ${p.displayName},\n\nThing ${t.number} of ${t.programme_title}, “${t.title}”, is open this week. Read the brief and share what you tried in a post:`,
          },
        })),
        trx,
      );
      return true;
    });
    if (!claimed) continue;
    announced += 1;
    notified += participants.length;
  }
  return { announced, notified };
}
