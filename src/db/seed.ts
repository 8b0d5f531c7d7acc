import { newSecretToken } from '../accounts/secrets.ts';
import type { AppContext } from '../context.ts';
import { createMember } from './factories.ts';

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
    await createMember(ctx, { ...m, email: `${m.handle}@example.org`, password: newSecretToken() });
  }
  return { organiserHandle: organiser.handle, organiserPassword };
}
