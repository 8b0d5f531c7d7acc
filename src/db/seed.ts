import { newSecretToken } from '../accounts/secrets.ts';
import type { AppContext } from '../context.ts';
import { createBlogPost, createMember } from './factories.ts';

export interface SeedResult {
  readonly organiserHandle: string;
  /** Printed once at start; never stored in clear. */
  readonly organiserPassword: string;
}

const demoMembers = [
  { handle: 'maya_reads', displayName: 'Maya Okafor' },
  { handle: 'tom_catalogues', displayName: 'Tom Brennan' },
  { handle: 'priya_archives', displayName: 'Priya Raman' },
  { handle: 'lena_shelves', displayName: 'Lena Vogel' },
  { handle: 'sam_metadata', displayName: 'Sam Whitlock' },
];

/** A few posts so the blogs have something to read on a fresh install. */
const demoPosts: Record<string, Array<{ title: string; body: string; tags: string[] }>> = {
  maya_reads: [
    {
      title: 'Why I finally started a work blog',
      body: 'For years I kept my notes in a paper diary that nobody else could read.\n\nWriting them here means a colleague three counties away can tell me when I have got something **wrong** — which is the point.',
      tags: ['reflection', 'blogging'],
    },
    {
      title: 'Three feeds I read every morning',
      body: 'A short list, because long lists never get read:\n\n1. A library news digest\n2. A colleague who writes about metadata\n3. Whatever the cohort posted overnight\n\nWhat is on yours?',
      tags: ['current-awareness'],
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
  for (const m of demoMembers) {
    // Demo members get unguessable passwords nobody knows: they exist to be read, not used.
    const member = await createMember(ctx, { ...m, email: `${m.handle}@example.org`, password: newSecretToken() });
    for (const post of demoPosts[m.handle] ?? []) await createBlogPost(ctx, member, post);
  }
  return { organiserHandle: organiser.handle, organiserPassword };
}
