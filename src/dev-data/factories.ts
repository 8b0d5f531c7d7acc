import type { Account } from '../accounts/accounts.service.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import { createPost } from '../blogs/posts.service.ts';
import type { PostWithAuthor } from '../blogs/posts.queries.ts';
import type { AppContext } from '../context.ts';
import type { PostEvent } from '../events.ts';
import { markDone } from '../programmes/completions.service.ts';
import { createProgramme, enrol } from '../programmes/programmes.service.ts';
import type { Programme } from '../programmes/programmes.queries.ts';
import type { Role } from '../db/schema.ts';

let sequence = 0;

export interface MemberOptions {
  readonly handle?: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly password?: string;
  readonly roles?: readonly Role[];
  readonly emailVerified?: boolean;
}

/** A test or demo password that passes the password rules. */
export const DEFAULT_PASSWORD = 'correct horse battery staple';

/** Makes a member through the real sign-up path (validation, hashing, roles), without mail. */
export async function createMember(ctx: AppContext, options: MemberOptions = {}): Promise<Account & { password: string }> {
  sequence += 1;
  const handle = options.handle ?? `member_${Date.now().toString(36)}${sequence}`;
  const password = options.password ?? DEFAULT_PASSWORD;
  const account = await createAccount(
    ctx,
    {
      handle,
      email: options.email ?? `${handle}@example.org`,
      displayName: options.displayName ?? `Member ${sequence}`,
      password,
    },
    { roles: options.roles ?? [], emailVerified: options.emailVerified ?? true, silent: true },
  );
  return { ...account, password };
}

export interface BlogPostOptions {
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly visibility?: 'public' | 'members' | 'connections' | 'private';
  readonly status?: 'draft' | 'published';
  /** The Thing the post answers. */
  readonly thing?: { readonly programme: string; readonly number: number };
}

/** Writes a post through the real path (rendering, sanitising, events); published and public unless told. */
export async function createBlogPost(
  ctx: AppContext,
  author: { id: string; handle: string },
  options: BlogPostOptions = {},
): Promise<PostWithAuthor> {
  sequence += 1;
  return createPost(ctx, author, {
    title: options.title ?? `A post number ${sequence}`,
    body: options.body ?? 'Some thoughts, written down.',
    tags: [...(options.tags ?? [])],
    visibility: options.visibility ?? 'public',
    status: options.status ?? 'published',
    ...(options.thing ? { thing: options.thing } : {}),
  });
}

export interface ProgrammeOptions {
  readonly slug?: string;
  readonly title?: string;
  readonly description?: string;
  /** YYYY-MM-DD; defaults to the Monday of the clock's week. */
  readonly startsOn?: string;
  readonly catchUpWeeks?: readonly number[];
  readonly enrolment?: 'open' | 'approval' | 'invite';
  readonly visibility?: 'public' | 'members';
  /** Defaults to one required Thing a week for `weeks` weeks (skipping catch-up weeks). */
  readonly things?: ReadonlyArray<{
    number: number;
    title: string;
    week: number;
    brief?: string;
    required?: boolean;
    tags?: string[];
    published?: boolean;
  }>;
  readonly weeks?: number;
}

/** Makes a programme through the real service (validation included), by an organiser. */
export async function createTestProgramme(ctx: AppContext, organiser: Account, options: ProgrammeOptions = {}): Promise<Programme> {
  sequence += 1;
  const now = ctx.clock.now();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  const catchUpWeeks = options.catchUpWeeks ?? [];
  let things = options.things;
  if (!things) {
    const list: Array<{ number: number; title: string; week: number }> = [];
    for (let week = 1, n = 1; n <= (options.weeks ?? 4); week++) {
      if (catchUpWeeks.includes(week)) continue;
      list.push({ number: n, title: `Thing ${n}`, week });
      n++;
    }
    things = list;
  }
  return createProgramme(ctx, organiser, {
    slug: options.slug ?? `programme-${Date.now().toString(36)}-${sequence}`,
    title: options.title ?? `Programme ${sequence}`,
    description: options.description ?? '',
    startsOn: options.startsOn ?? monday.toISOString().slice(0, 10),
    catchUpWeeks: [...catchUpWeeks],
    enrolment: options.enrolment ?? 'open',
    visibility: options.visibility ?? 'public',
    things: things.map((t) => ({ ...t })),
  });
}

let posts = 0;

/** Publishes a post answering a Thing the way the blogs capability announces one (the post.* events). */
export async function publishThingPost(
  ctx: AppContext,
  author: Pick<Account, 'id' | 'handle'>,
  thing: { programme: string; number: number } | null,
  options: {
    postId?: string;
    title?: string;
    visibility?: PostEvent['visibility'];
    publishedAt?: string;
    source?: PostEvent['source'];
  } = {},
): Promise<PostEvent> {
  posts += 1;
  const postId = options.postId ?? `post-${Date.now().toString(36)}-${posts}`;
  const event: PostEvent = {
    postId,
    authorId: author.id,
    title: options.title ?? `My reflection ${posts}`,
    url: `${ctx.config.baseUrl}/@${author.handle}/${postId}`,
    excerpt: 'What I tried this week, and what I made of it.',
    visibility: options.visibility ?? 'public',
    publishedAt: options.publishedAt ?? ctx.clock.now().toISOString(),
    thing,
    source: options.source ?? 'local',
    tags: [],
  };
  await ctx.events.emit('post.checking', event);
  await ctx.events.emit('post.published', event);
  return event;
}

/**
 * Enrols a member and has an organiser mark Things done by hand, each on a day of its own week
 * (or `at`), as the demo seed and tests need.
 */
export async function enrolWithProgress(
  ctx: AppContext,
  organiser: Account,
  programme: Programme,
  member: Account,
  numbers: readonly number[],
  note = 'Marked from the demo data.',
): Promise<void> {
  await enrol(ctx, member, programme, programme.inviteCode);
  for (const number of numbers) {
    const thing = programme.things.find((t) => t.number === number);
    if (!thing) continue;
    // Two days into the Thing's week, or now if that is still ahead.
    const at = new Date(Math.min(Date.parse(thing.opensAt) + 2 * 86_400_000 + 10 * 3_600_000, ctx.clock.now().getTime())).toISOString();
    await markDone(ctx, organiser, programme, number, { handle: member.handle, note, completedAt: at });
  }
}
