import { newSecretToken } from '../accounts/secrets.ts';
import type { AppContext } from '../context.ts';
import { demoProgrammeInput } from '../programmes/demo-programme.ts';
import { seedNetworkDirectory } from '../programmes/networks.service.ts';
import { createProgramme } from '../programmes/programmes.service.ts';
import { addDays } from '../programmes/schedule.ts';
import { createMember, enrolWithProgress } from './factories.ts';

export interface SeedResult {
  readonly organiserHandle: string;
  /** Printed once at start; never stored in clear. */
  readonly organiserPassword: string;
}

/** Demo members and the Things each has done: ahead, on track, a week behind, three behind, not started. */
const demoMembers = [
  { handle: 'maya_reads', displayName: 'Maya Okafor', done: [1, 2, 3, 4, 5, 6, 7, 8, 9, 11] },
  { handle: 'tom_catalogues', displayName: 'Tom Brennan', done: [1, 2, 3, 4, 5, 7, 8] },
  { handle: 'priya_archives', displayName: 'Priya Raman', done: [1, 2, 3, 4, 5] },
  { handle: 'lena_shelves', displayName: 'Lena Vogel', done: [1, 2] },
  { handle: 'sam_metadata', displayName: 'Sam Whitlock', done: [] },
];

/** On an empty database, makes the demo organiser and a handful of members; otherwise does nothing. */
export async function seedIfEmpty(ctx: AppContext): Promise<SeedResult | undefined> {
  const any = await ctx.db.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const organiserPassword = newSecretToken().slice(0, 20);
  const organiser = await createMember(ctx, {
    handle: 'organiser',
    email: 'organiser@example.org',
    displayName: 'Demo Organiser',
    password: organiserPassword,
    roles: ['organiser', 'moderator', 'admin'],
  });
  // The demo programme is in its fifth week: it started on the Monday four weeks before this one.
  const now = ctx.clock.now();
  const thisMonday = addDays(now.toISOString().slice(0, 10), -((now.getUTCDay() + 6) % 7));
  const programme = await createProgramme(ctx, organiser, demoProgrammeInput(addDays(thisMonday, -28)));
  for (const m of demoMembers) {
    // Demo members get unguessable passwords nobody knows: they exist to be read, not used.
    const member = await createMember(ctx, { handle: m.handle, displayName: m.displayName, email: `${m.handle}@example.org`, password: newSecretToken() });
    await enrolWithProgress(ctx, organiser, programme, member, m.done, 'Shared at the weekly meet-up (demo data).');
  }
  await seedNetworkDirectory(ctx);
  // Things whose weeks have begun count as announced already: a fresh install sends no mail for the past.
  await ctx.db.kysely.updateTable('things').set({ announced_at: now.toISOString() }).where('programme_id', '=', programme.id).where('week', '<=', 5).execute();
  return { organiserHandle: organiser.handle, organiserPassword };
}
