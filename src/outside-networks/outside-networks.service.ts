import type { Account } from '../accounts/accounts.service.ts';
import type { AppContext } from '../context.ts';
import type { Stance } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  deleteStance,
  directoryIsEmpty,
  findNetworkId,
  insertNetworks,
  listNetworkRows,
  type NetworkRow,
  notesSharedWith,
  stanceCounts,
  stancesOfMember,
  updateNetwork,
  upsertStance,
} from './outside-networks.queries.ts';

/**
 * The directory of outside networks (LinkedIn, Mastodon, …) that the "online networks" Thing asks
 * about: facts curated by admins with the date they were checked, each member's stance with an
 * optional note (private unless she shares it with members), and tallies of where peers stand.
 */

export const stances: Record<Stance, string> = {
  joined: 'Joined',
  planning: 'Planning to join',
  later: 'Bookmarked for later',
  'not-for-me': 'Not for me',
};
export const isStance = (v: unknown): v is Stance => typeof v === 'string' && v in stances;

export interface NetworkInput {
  slug: string;
  name: string;
  url: string;
  offers: string;
  suits: string;
  dataAndLeaving: string;
  checkedOn: string;
}

const networkRow = (input: NetworkInput): NetworkRow => ({
  slug: input.slug,
  name: input.name,
  url: input.url,
  offers: input.offers,
  suits: input.suits,
  data_and_leaving: input.dataAndLeaving,
  checked_on: input.checkedOn,
});

/** Who keeps the directory's facts: administrators. */
export const canCurate = (viewer: Account | undefined) => !!viewer && viewer.roles.includes('admin');

function check(input: Partial<NetworkInput>): NetworkInput {
  const fields: Record<string, string> = {};
  const v = Object.fromEntries(Object.entries(input).map(([k, s]) => [k, typeof s === 'string' ? s.trim() : ''])) as Record<
    keyof NetworkInput,
    string
  >;
  if (!/^[a-z0-9-]{2,60}$/.test(v.slug ?? '')) fields.slug = 'Use 2–60 characters: a–z, 0–9 and hyphens.';
  if (!v.name) fields.name = 'Enter the network’s name.';
  if (!/^https?:\/\/\S+$/.test(v.url ?? '')) fields.url = 'Enter its web address, starting with https://.';
  for (const k of ['offers', 'suits', 'dataAndLeaving'] as const) if (!v[k]) fields[k] = 'Write a sentence or two.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.checkedOn ?? '')) fields.checkedOn = 'Enter the date you checked these facts, as YYYY-MM-DD.';
  if (Object.keys(fields).length) throw new AppError('bad_input', 'Please correct the marked fields.', { fields });
  return v as NetworkInput;
}

export async function saveNetwork(
  ctx: AppContext,
  viewer: Account | undefined,
  raw: Partial<NetworkInput>,
  existingSlug?: string,
): Promise<string> {
  if (!canCurate(viewer)) throw new AppError('forbidden', 'Only administrators curate the directory.');
  const input = check(raw);
  const row = networkRow(input);
  const clash = await findNetworkId(ctx.db, input.slug);
  if (clash && input.slug !== existingSlug)
    throw new AppError('conflict', 'Please correct the marked fields.', { fields: { slug: 'Another network uses this name.' } });
  if (existingSlug) {
    if (!(await updateNetwork(ctx.db, existingSlug, row))) throw new AppError('not_found', 'There is no such network.');
  } else {
    await insertNetworks(ctx.db, [{ id: newId(), created_at: ctx.clock.now().toISOString(), ...row }]);
  }
  return input.slug;
}

export interface NetworkView {
  readonly slug: string;
  readonly name: string;
  readonly url: string;
  readonly offers: string;
  readonly suits: string;
  readonly dataAndLeaving: string;
  readonly checkedOn: string;
  readonly tally: Record<Stance, number>;
  readonly mine: { stance: Stance; note: string | null; noteVisibility: 'private' | 'members' } | null;
  /** Notes other members chose to share with members. */
  readonly sharedNotes: ReadonlyArray<{ handle: string; displayName: string; stance: Stance; note: string }>;
}

export async function listNetworks(ctx: AppContext, viewer: Account | undefined): Promise<NetworkView[]> {
  const networks = await listNetworkRows(ctx.db);
  const counts = await stanceCounts(ctx.db);
  const mine = viewer ? await stancesOfMember(ctx.db, viewer.id) : [];
  const shared = viewer ? await notesSharedWith(ctx.db, viewer.id) : [];
  return networks.map((n) => {
    const tally = { joined: 0, planning: 0, later: 0, 'not-for-me': 0 } as Record<Stance, number>;
    for (const c of counts) if (c.network_id === n.id) tally[c.stance] = c.n;
    const m = mine.find((s) => s.network_id === n.id);
    return {
      slug: n.slug,
      name: n.name,
      url: n.url,
      offers: n.offers,
      suits: n.suits,
      dataAndLeaving: n.data_and_leaving,
      checkedOn: n.checked_on,
      tally,
      mine: m ? { stance: m.stance, note: m.note, noteVisibility: m.note_visibility } : null,
      sharedNotes: shared
        .filter((s) => s.network_id === n.id)
        .map((s) => ({ handle: s.handle, displayName: s.display_name, stance: s.stance, note: s.note ?? '' })),
    };
  });
}

/** Records (or replaces) a member's stance on a network; an empty stance removes it. */
export async function setStance(
  ctx: AppContext,
  viewer: Account,
  slug: string,
  input: { stance?: string; note?: string; noteVisibility?: string },
): Promise<void> {
  const networkId = await findNetworkId(ctx.db, slug);
  if (!networkId) throw new AppError('not_found', 'There is no such network.');
  if (!input.stance) {
    await deleteStance(ctx.db, networkId, viewer.id);
    return;
  }
  if (!isStance(input.stance))
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { stance: 'Choose one of the stances.' } });
  const note = input.note?.trim() || null;
  if (note && note.length > 1000)
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { note: 'Keep the note under 1,000 characters.' } });
  await upsertStance(ctx.db, {
    network_id: networkId,
    user_id: viewer.id,
    stance: input.stance,
    note,
    note_visibility: input.noteVisibility === 'members' ? 'members' : 'private',
    updated_at: ctx.clock.now().toISOString(),
  });
}

/** The directory's starting entries: facts as checked on the date given; admins keep them current. */
export const seedNetworks: NetworkInput[] = [
  {
    slug: 'linkedin',
    name: 'LinkedIn',
    url: 'https://www.linkedin.com/',
    offers: 'A professional profile and CV, connections with colleagues, job listings, groups and a news feed of posts and articles.',
    suits: 'Anyone job hunting or wanting to be found by employers and colleagues outside libraries.',
    dataAndLeaving:
      'A commercial service funded by advertising and subscriptions; your profile and activity are used for ads and recommendations. You can download a copy of your data and close your account from its settings.',
    checkedOn: '2026-11-01',
  },
  {
    slug: 'facebook',
    name: 'Facebook',
    url: 'https://www.facebook.com/',
    offers: 'Groups (many professional and local library groups live here), pages for services, events and messaging.',
    suits: 'Reaching the public for your service, and informal peer groups.',
    dataAndLeaving:
      'A commercial, advertising-funded service that profiles its users. You can download your information and deactivate or delete your account from its settings.',
    checkedOn: '2026-11-01',
  },
  {
    slug: 'mastodon',
    name: 'Mastodon (the fediverse)',
    url: 'https://joinmastodon.org/',
    offers: 'Short posts on independently run servers that talk to each other; there are servers for librarians, archivists and academics.',
    suits: 'People who want a timeline without an algorithm or ads, and a community-run home.',
    dataAndLeaving:
      'Each server sets its own rules and is run by its admins; choose one whose rules you trust. You can export your posts and follows and move your followers to another server.',
    checkedOn: '2026-11-01',
  },
  {
    slug: 'professional-body',
    name: 'Your professional body’s community',
    url: 'https://www.cilip.org.uk/',
    offers:
      'Member forums, special interest groups, mentoring, chartership support and events (CILIP in the UK; ALA, LIANZA, ALIA and others elsewhere).',
    suits: 'Anyone working towards professional registration or wanting a voice in the profession.',
    dataAndLeaving:
      'Run by a membership organisation under its privacy policy; most features need a paid membership, and ending it ends access.',
    checkedOn: '2026-11-01',
  },
  {
    slug: 'new-professionals',
    name: 'A new-professionals network',
    url: 'https://www.cilip.org.uk/',
    offers: 'Meet-ups, conference bursaries, blogs and advice for people in their first years in the profession.',
    suits: 'Students and people early in their careers.',
    dataAndLeaving: 'Usually volunteer-run, often with a mailing list and a social media presence; unsubscribing is simple.',
    checkedOn: '2026-11-01',
  },
  {
    slug: 'teaching-librarians',
    name: 'A teaching-librarians network',
    url: 'https://www.lilacconference.com/',
    offers: 'Shared lesson plans and activities, a conference on information literacy, and mailing lists for questions.',
    suits: 'Anyone who teaches information or digital literacy.',
    dataAndLeaving: 'Community-run; mailing lists keep your address until you unsubscribe.',
    checkedOn: '2026-11-01',
  },
];

/** Adds the starting entries on an empty directory (the seed). */
export async function seedNetworkDirectory(ctx: AppContext): Promise<void> {
  if (!(await directoryIsEmpty(ctx.db))) return;
  const now = ctx.clock.now().toISOString();
  await insertNetworks(
    ctx.db,
    seedNetworks.map((n) => ({ id: newId(), created_at: now, ...networkRow(n) })),
  );
}
