import { newSecretToken } from '../accounts/secrets.ts';
import { createFixedClock } from '../clock.ts';
import type { AppContext } from '../context.ts';
import { demoProgrammeInput } from './demo-programme.ts';
import { seedNetworkDirectory, setStance } from '../outside-networks/outside-networks.service.ts';
import { createProgramme } from '../programmes/programmes.service.ts';
import { addDays } from '../programmes/schedule.ts';
import { createBlogPost, createMember, enrolWithProgress } from './factories.ts';

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

/** Where the demo members stand on the outside networks, so the directory's tallies are alive. */
const demoStances: Record<string, Array<[network: string, stance: string, note?: string]>> = {
  maya_reads: [
    ['linkedin', 'joined'],
    ['mastodon', 'joined', 'A librarians’ server is friendlier than I expected.'],
    ['facebook', 'not-for-me'],
  ],
  tom_catalogues: [
    ['linkedin', 'joined'],
    ['professional-body', 'planning'],
  ],
  priya_archives: [
    ['mastodon', 'planning'],
    ['teaching-librarians', 'later'],
  ],
  lena_shelves: [['new-professionals', 'joined']],
};

/** A few posts so the blogs have something to read on a fresh install. */
const demoPosts: Record<string, Array<{ title: string; body: string; tags: string[]; thing?: number }>> = {
  maya_reads: [
    {
      title: 'Why I finally started a work blog',
      body: 'For years I kept my notes in a paper diary that nobody else could read.\n\nWriting them here means a colleague three counties away can tell me when I have got something **wrong** — which is the point.',
      tags: ['reflection', 'blogging'],
      thing: 1,
    },
    {
      title: 'Three feeds I read every morning',
      body: 'A short list, because long lists never get read:\n\n1. A library news digest\n2. A colleague who writes about metadata\n3. Whatever the cohort posted overnight\n\nWhat is on yours?',
      tags: ['current-awareness'],
      thing: 4,
    },
  ],
  tom_catalogues: [
    {
      title: 'On being behind schedule',
      body: 'I am two Things behind after a week of interviews. The catch-up week exists for people like me, so I am using it without guilt.\n\n> Done is better than perfect.',
      tags: ['reflection', 'catching-up'],
    },
  ],
  priya_archives: [
    {
      title: 'What an archive taught me about networks',
      body: 'Letters in a box are a network too: who wrote to whom, and who kept the replies. Online networks are louder, but the question is the same — *whose words are kept, and by whom?*',
      tags: ['networks', 'privacy'],
      thing: 5,
    },
  ],
};

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
  await seedNetworkDirectory(ctx);
  for (const m of demoMembers) {
    // Demo members get unguessable passwords nobody knows: they exist to be read, not used.
    const member = await createMember(ctx, {
      handle: m.handle,
      displayName: m.displayName,
      email: `${m.handle}@example.org`,
      password: newSecretToken(),
    });
    const posts = demoPosts[m.handle] ?? [];
    // Things answered by a demo post are completed by that post; the rest by an organiser's mark.
    const byPost = new Set(posts.map((p) => p.thing));
    await enrolWithProgress(
      ctx,
      organiser,
      programme,
      member,
      m.done.filter((n) => !byPost.has(n)),
      'Shared at the weekly meet-up (demo data).',
    );
    for (const [i, { thing, ...post }] of posts.entries()) {
      // Written when it would have been: two days into its Thing's week, or in the past few days.
      const opens = programme.things.find((t) => t.number === thing)?.opensAt;
      const writtenAt = opens ? Date.parse(opens) + 2 * 86_400_000 + 10 * 3_600_000 : now.getTime() - (i + 1) * 86_400_000;
      const then = { ...ctx, clock: createFixedClock(new Date(Math.min(writtenAt, now.getTime()))) };
      await createBlogPost(then, member, { ...post, ...(thing ? { thing: { programme: programme.slug, number: thing } } : {}) });
    }
    for (const [network, stance, note] of demoStances[m.handle] ?? []) {
      await setStance(ctx, member, network, { stance, ...(note ? { note, noteVisibility: 'members' } : {}) });
    }
  }
  // Things whose weeks have begun count as announced already: a fresh install sends no mail for the past.
  await ctx.db.kysely
    .updateTable('things')
    .set({ announced_at: now.toISOString() })
    .where('programme_id', '=', programme.id)
    .where('week', '<=', 5)
    .execute();
  return { organiserHandle: organiser.handle, organiserPassword };
}
