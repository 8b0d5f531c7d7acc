import { randomBytes } from 'node:crypto';
import { emailKey, handleKey } from '../accounts/accounts.queries.ts';
import { loadAccount, setRoles } from '../accounts/accounts.service.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { newSecretToken } from '../accounts/secrets.ts';
import type { AppContext } from '../context.ts';
import { excerpt } from '../markup/sanitise.ts';
import { manualCompletion } from '../programmes/completions.queries.ts';
import { issueIfComplete } from '../programmes/credentials.service.ts';
import { demoProgrammeInput } from './demo-programme.ts';
import { createProgramme } from '../programmes/programmes.service.ts';
import type { Programme, Thing } from '../programmes/programmes.queries.ts';
import { addDays, weekAt } from '../programmes/schedule.ts';
import { bulkLoad, type BulkSession } from '../db/bulk.ts';
import type { PostsTable, Visibility } from '../db/schema.ts';

export interface FakeDataOptions {
  readonly members: number;
  readonly posts?: number;
  readonly comments?: number;
  /** Participants of one running 23-Thing programme (0: no programme). Their posts count within `posts`. */
  readonly programmeSize?: number;
  /** External blogs to register, each due for polling, with feeds under `feedBase`. */
  readonly externalFeeds?: number;
  /** Where a feed farm serves `/feeds/{i}.xml` and `/sites/{i}/`; needed with `externalFeeds`. */
  readonly feedBase?: string;
  /** Called as work goes on, so a terminal can show progress. */
  readonly progress?: (what: string, done: number, total: number) => void;
}

export interface FakeDataResult {
  readonly members: number;
  readonly posts: number;
  readonly comments: number;
  /** Handles of the members made, in order (the first ones write the most). */
  readonly handles: readonly string[];
  /** A public post with the most comments: benchmarks read it. */
  readonly busiestPost: { readonly handle: string; readonly slug: string; readonly comments: number } | null;
  readonly programme: { readonly slug: string; readonly participants: number; readonly things: number } | null;
  /** The Thing with the most public posts answering it. */
  readonly busiestThing: { readonly number: number; readonly posts: number } | null;
  /** Handle of the programme's organiser. */
  readonly organiser: string | null;
  /** Handle of a participant who is behind, for a signed-in dashboard. */
  readonly participant: string | null;
  /** Handle of the member with the most public posts. */
  readonly profile: string | null;
  readonly externalFeeds: number;
}

/** Everyone made here shares this password, so benchmarks can sign in as any of them. */
export const FAKE_MEMBER_PASSWORD = 'fake data member password';

/** Dataset sizes by name; explicit counts override them. */
export const FAKE_DATA_PRESETS = {
  quick: { members: 1000, posts: 10_000, comments: 50_000, programmeSize: 200 },
  full: { members: 10_000, posts: 200_000, comments: 1_000_000, programmeSize: 2000 },
} as const;

const DAY = 86_400_000;
/** Comments on one post stop there: a lively thread, not a pathological one. */
const MAX_COMMENTS_PER_POST = 150;
const first = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Efe',
  'Fran',
  'Gus',
  'Hana',
  'Ivo',
  'Jun',
  'Kit',
  'Lior',
  'Mo',
  'Nell',
  'Oz',
  'Pia',
  'Quin',
  'Ros',
  'Sol',
  'Tam',
];
const last = [
  'Archer',
  'Binder',
  'Cole',
  'Dewey',
  'Ellis',
  'Folio',
  'Grant',
  'Hale',
  'Index',
  'Jones',
  'Keane',
  'Lamb',
  'Marsh',
  'Noble',
  'Orr',
  'Page',
];
const commonWords = (
  'library catalogue reading archive reflection network mentor chartership metadata learning community ' +
  'programme blog feed privacy profile evidence practice question curiosity shelf record search index journal ' +
  'conference workshop advocacy teaching research skills career colleague patience habit summary draft the and of to ' +
  'in is that for it with was on as this what how we they my our about more when'
).split(' ');
const tags = ['cpd23', 'reflection', 'networks', 'metadata', 'mentoring', 'advocacy', 'privacy', 'teaching', 'archives', 'careers'];

/** A small deterministic generator, so a dataset is the same every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Words as text has them: a few very common, a long tail of rare ones (made-up words from syllables),
 * so the search index has realistic posting lists rather than forty words in every post.
 */
function vocabulary(rnd: () => number): string[] {
  const syllables =
    'ba be bi bo bu ca co cu da de di do fa fe fi ga go la le li lo lu ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi'.split(
      ' ',
    );
  const words = new Set(commonWords);
  while (words.size < 4000) {
    let w = '';
    for (let n = 2 + Math.floor(rnd() * 3); n > 0; n--) w += syllables[Math.floor(rnd() * syllables.length)];
    words.add(w);
  }
  return [...words];
}

function texts(rnd: () => number) {
  const words = vocabulary(rnd);
  const word = () => words[Math.floor(words.length * rnd() ** 3)]!;
  const sentence = (length: number) => {
    let text = word();
    for (let i = 1; i < length; i++) text += ` ${word()}`;
    return `${text[0]!.toUpperCase() + text.slice(1)}.`;
  };
  // Bodies are drawn from pools: generating every word afresh would cost more than inserting it.
  const paragraphs = Array.from({ length: 20_000 }, () => sentence(20 + Math.floor(rnd() * 30)));
  const remarks = Array.from({ length: 20_000 }, () => sentence(8 + Math.floor(rnd() * 20)));
  return {
    title: () => sentence(4 + Math.floor(rnd() * 5)).slice(0, -1),
    body: () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => paragraphs[Math.floor(rnd() * paragraphs.length)]!),
    remark: () => remarks[Math.floor(rnd() * remarks.length)]!,
  };
}

/**
 * Ids in the shape `newId` makes (UUID version 7: time first, then random), drawn from a pool of
 * random bytes: asking the system for randomness once per id costs more than inserting the row here.
 */
function idMaker(): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  const variant = '89ab';
  return () => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(65_536);
      offset = 0;
    }
    const time = Date.now().toString(16).padStart(12, '0');
    const r = pool.toString('hex', offset, offset + 10);
    offset += 10;
    return `${time.slice(0, 8)}-${time.slice(8)}-7${r.slice(0, 3)}-${variant[parseInt(r[3]!, 16) & 3]}${r.slice(4, 7)}-${r.slice(7, 19)}`;
  };
}

const newId = idMaker();

const slugOf = (title: string, n: number) =>
  `${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${n}`;

/** Where a participant stands, by the Things she has done; shares of the cohort follow. */
type Pace = 'finished' | 'ahead' | 'on-track' | 'behind' | 'not-started';

function paceOf(r: number): Pace {
  return r < 0.03 ? 'finished' : r < 0.1 ? 'ahead' : r < 0.45 ? 'on-track' : r < 0.83 ? 'behind' : 'not-started';
}

/** The published Things a participant at `pace` has done, given the week the clock is in. */
function thingsDone(things: readonly Thing[], pace: Pace, week: number, rnd: () => number): Thing[] {
  const dueWeeks = [...new Set(things.filter((t) => t.week < week).map((t) => t.week))].sort((a, b) => a - b);
  switch (pace) {
    case 'not-started':
      return [];
    case 'finished':
      return [...things];
    case 'ahead':
      return things.filter((t) => t.week <= week + 1 + Math.floor(rnd() * 2) && (t.required || rnd() < 0.8));
    case 'on-track':
      return things.filter((t) => (t.week < week && (t.required || rnd() < 0.6)) || (t.week === week && rnd() < 0.5));
    case 'behind': {
      // 1–4 weeks behind: the last k weeks with Things that are due are not done.
      const k = Math.min(dueWeeks.length, 1 + Math.floor(rnd() * 4));
      const reached = dueWeeks[dueWeeks.length - k - 1] ?? 0;
      return things.filter((t) => t.week <= reached && (t.required || rnd() < 0.5));
    }
  }
}

interface PostMeta {
  readonly id: string;
  readonly author: number;
  readonly slug: string;
  readonly public: boolean;
  readonly at: number;
}

/**
 * Volume for benchmarks, written in bulk (see bulk.ts): members sharing one password hash (hashing
 * is deliberately slow); posts, mostly public and tagged; comments with replies, piled up on a few
 * posts as in life; optionally one running 23-Thing programme, created by the real service, with a
 * cohort at every pace whose completions are mostly backed by posts answering the Thing; and external
 * blogs due for polling from a local feed farm. Safe to run again on the same database.
 */
export async function makeFakeData(ctx: AppContext, options: FakeDataOptions): Promise<FakeDataResult> {
  const feedCount = options.members > 0 ? (options.externalFeeds ?? 0) : 0;
  const feedBase = (options.externalFeeds ?? 0) > 0 ? feedBaseOf(options.feedBase) : '';
  const rnd = random(23);
  const text = texts(rnd);
  const passwordHash = await hashPassword(FAKE_MEMBER_PASSWORD);
  const nowDate = ctx.clock.now();
  const now = nowDate.getTime();
  const runId = Date.now().toString(36);
  const progress = options.progress ?? (() => {});
  const memberCount = options.members;
  const handles = Array.from({ length: memberCount }, (_, i) => `fake_${runId}_${i}`);
  const ids = Array.from({ length: memberCount }, () => newId());
  const joinedAt = new Date(now - 400 * DAY).toISOString();
  const userRow = (i: number) => {
    const handle = handles[i]!;
    return {
      id: ids[i]!,
      handle,
      handle_key: handleKey(handle),
      email: `${handle}@example.org`,
      email_key: emailKey(`${handle}@example.org`),
      display_name: `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`,
      password_hash: passwordHash,
      email_verified_at: joinedAt,
      created_at: joinedAt,
      updated_at: joinedAt,
    };
  };

  // The programme exists before the bulk load, made as an organiser would make it: member 0 is she.
  const participantCount = Math.max(0, Math.min(options.programmeSize ?? 0, memberCount - 1));
  let programme: Programme | undefined;
  if (participantCount > 0) {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(userRow(0)).execute();
      await trx.insertInto('user_roles').values({ user_id: ids[0]!, role: 'member', granted_at: joinedAt }).execute();
    });
    await setRoles(ctx, ids[0]!, ['organiser']);
    const organiser = (await loadAccount(ctx, ids[0]!))!;
    // Started on a Monday six weeks ago: the early Things are due, this week's are open.
    const today = nowDate.toISOString().slice(0, 10);
    const thisMonday = addDays(today, -((nowDate.getUTCDay() + 6) % 7));
    programme = await createProgramme(ctx, organiser, { ...demoProgrammeInput(addDays(thisMonday, -42)), slug: `fake-23-things-${runId}` });
    // Things whose weeks have begun were announced when they opened, as on a live site: otherwise the
    // server's first announce job would mail the whole cohort in the middle of a benchmark.
    for (const thing of programme.things) {
      if (thing.opensAt <= nowDate.toISOString())
        await ctx.db.kysely.updateTable('things').set({ announced_at: thing.opensAt }).where('id', '=', thing.id).execute();
    }
  }

  const postCount = memberCount > 0 ? (options.posts ?? 0) : 0;
  const commentCount = postCount > 0 ? (options.comments ?? 0) : 0;
  const posts: PostMeta[] = [];
  const publicPosts = new Int32Array(memberCount);
  const thingPublicPosts = new Map<number, number>();
  let participant: string | null = null;
  let finishers: string[] = [];
  const perPost = new Int32Array(postCount);

  await bulkLoad(
    ctx.db,
    async (bulk: BulkSession) => {
      const users = bulk.table('users');
      const roles = bulk.table('user_roles', [users]);
      for (let i = programme ? 1 : 0; i < memberCount; i++) {
        await users.push(userRow(i));
        await roles.push({ user_id: ids[i]!, role: 'member', granted_at: joinedAt });
        if (i % 1000 === 999) progress('members', i + 1, memberCount);
      }
      await bulk.flush();
      progress('members', memberCount, memberCount);

      const postsTable = bulk.table('posts');
      const postTags = bulk.table('post_tags', [postsTable]);
      const addPost = async (author: number, at: number, visibility: Visibility, thing: Thing | null, index: number) => {
        const title = thing ? `Thing ${thing.number}: ${text.title()}` : text.title();
        const paragraphs = text.body();
        const bodyText = paragraphs.join('\n\n');
        const row: PostsTable = {
          id: newId(),
          author_id: ids[author]!,
          slug: slugOf(title, index),
          title,
          body: bodyText,
          body_format: 'markdown',
          html: paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
          body_text: bodyText,
          status: 'published',
          visibility,
          comments: 'default',
          thing_programme: thing ? programme!.slug : null,
          thing_number: thing?.number ?? null,
          source: 'local',
          source_key: null,
          published_at: new Date(at).toISOString(),
          edited_at: null,
          created_at: new Date(at).toISOString(),
          updated_at: new Date(at).toISOString(),
          cover_media_id: null,
        };
        await postsTable.push(row);
        const chosen = new Set<string>(thing ? ['cpd23', `thing${thing.number}`] : []);
        for (let t = Math.floor(rnd() * 3); t >= 0; t--) chosen.add(tags[Math.floor(rnd() * tags.length)]!);
        for (const tag of chosen) await postTags.push({ post_id: row.id, tag });
        posts.push({ id: row.id, author, slug: row.slug, public: visibility === 'public', at });
        if (visibility === 'public') publicPosts[author]!++;
        if (posts.length % 2000 === 0) progress('posts', posts.length, postCount);
        return row;
      };

      // The first post is public and collects the pile-up of comments (see below).
      if (postCount > 0) await addPost(0, now - 3 * DAY, 'public', null, 0);

      if (programme) {
        const result = await addCohort(ctx, bulk, {
          programme,
          participantCount,
          postBudget: postCount - posts.length,
          ids,
          handles,
          rnd,
          now,
          addPost,
          posts,
        });
        participant = result.participant;
        finishers = result.finishers;
        for (const [number, n] of result.thingPublicPosts) thingPublicPosts.set(number, n);
      }

      // The rest: a fifth of the members write most of them, over the last year. Written author by
      // author (ids rise with the member), so the (author, …) unique indexes grow at their end.
      const byAuthor = new Int32Array(memberCount);
      for (let n = posts.length; n < postCount; n++) {
        byAuthor[rnd() < 0.8 ? Math.floor(rnd() * Math.max(1, memberCount / 5)) : Math.floor(rnd() * memberCount)]!++;
      }
      for (let author = 0; author < memberCount; author++) {
        for (let n = byAuthor[author]!; n > 0; n--) {
          const v = rnd();
          await addPost(
            author,
            now - Math.floor(rnd() * 365 * DAY),
            v < 0.8 ? 'public' : v < 0.93 ? 'members' : 'private',
            null,
            posts.length,
          );
        }
      }
      await bulk.flush();
      progress('posts', posts.length, postCount);

      // Comments pile up Zipf-like over posts taken in a scrambled order that starts with the first
      // post, up to a lively thread's length; when there are enough, the first post always gets fifty
      // or more. Counted first, then written post by post so the (post, …) index grows at its end.
      const stride = coprimeStride(posts.length);
      for (let i = 0; i < commentCount; i++) {
        let index = i < Math.min(60, Math.floor(commentCount / 4)) ? 0 : (Math.floor(posts.length * rnd() ** 3) * stride) % posts.length;
        if (perPost[index]! >= MAX_COMMENTS_PER_POST) index = Math.floor(rnd() * posts.length);
        perPost[index]!++;
      }
      const comments = bulk.table('comments');
      let written = 0;
      for (let index = 0; index < posts.length; index++) {
        const post = posts[index]!;
        let previous: string | null = null;
        for (let n = perPost[index]!; n > 0; n--) {
          const body = text.remark();
          const id = newId();
          await comments.push({
            id,
            subject_type: 'post',
            subject_id: post.id,
            parent_id: previous && rnd() < 0.3 ? previous : null,
            author_id: ids[Math.floor(rnd() * memberCount)]!,
            author_name: null,
            author_url: null,
            body,
            html: `<p>${body}</p>`,
            status: 'visible',
            source_key: null,
            created_at: new Date(Math.min(now - 60_000, post.at + Math.floor(rnd() * 3 * DAY))).toISOString(),
            edited_at: null,
            deleted_at: null,
          });
          previous = id;
          if (++written % 10_000 === 0) progress('comments', written, commentCount);
        }
      }
      await bulk.flush();
      progress('comments', commentCount, commentCount);

      if (feedCount > 0) await addExternalBlogs(bulk, { count: feedCount, base: feedBase, ids, now, progress });
      progress('search index', 0, 1);
    },
    { deferIndexesOf: ['posts', 'post_tags', 'comments'] },
  );
  progress('search index', 1, 1);

  // Certificates for those who finished, through the real service (a handful of signatures).
  if (programme) for (const id of finishers) await issueIfComplete(ctx, programme, id);

  let busiest: FakeDataResult['busiestPost'] = null;
  for (let index = 0; index < posts.length; index++) {
    const p = posts[index]!;
    if (p.public && perPost[index]! > 0 && (!busiest || perPost[index]! > busiest.comments))
      busiest = { handle: handles[p.author]!, slug: p.slug, comments: perPost[index]! };
  }
  let busiestThing: FakeDataResult['busiestThing'] = null;
  for (const [number, n] of thingPublicPosts) if (!busiestThing || n > busiestThing.posts) busiestThing = { number, posts: n };
  let profile: string | null = null;
  let most = 0;
  for (let i = 0; i < memberCount; i++) {
    if (publicPosts[i]! > most) {
      most = publicPosts[i]!;
      profile = handles[i]!;
    }
  }
  return {
    members: memberCount,
    posts: posts.length,
    comments: commentCount,
    handles,
    busiestPost: busiest,
    programme: programme ? { slug: programme.slug, participants: participantCount, things: programme.things.length } : null,
    busiestThing,
    organiser: programme ? handles[0]! : null,
    participant,
    profile,
    externalFeeds: feedCount,
  };
}

function feedBaseOf(base: string | undefined): string {
  if (!base) throw new Error('--external-feeds needs --feed-base, the address of the feed farm');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`--feed-base must be an http(s) address, not "${base}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--feed-base must be an http(s) address, not "${base}"`);
  return url.href.replace(/\/+$/, '');
}

/** A step that visits every index below `n` once when multiplied modulo `n`, scattering neighbours. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let stride = 7919;
  while (n > 1 && gcd(stride, n) !== 1) stride += 2;
  return stride;
}

interface CohortInput {
  readonly programme: Programme;
  readonly participantCount: number;
  readonly postBudget: number;
  readonly ids: readonly string[];
  readonly handles: readonly string[];
  readonly rnd: () => number;
  readonly now: number;
  readonly addPost: (author: number, at: number, visibility: Visibility, thing: Thing, index: number) => Promise<PostsTable>;
  readonly posts: readonly PostMeta[];
}

/**
 * Enrols members 1..N and records what each has done, as the completions service would have: most
 * Things answered by a post published in (or after) the Thing's week, the rest marked by the organiser.
 */
async function addCohort(ctx: AppContext, bulk: BulkSession, input: CohortInput) {
  const { programme, rnd, now, ids } = input;
  const things = programme.things.filter((t) => t.published);
  const week = weekAt(programme.startsOn, new Date(now));
  const plans = Array.from({ length: input.participantCount }, (_, n) => {
    const pace = paceOf(rnd());
    return { user: n + 1, pace, done: thingsDone(things, pace, week, rnd) };
  });
  const total = plans.reduce((sum, p) => sum + p.done.length, 0);
  // Most completions are posts, as far as the post budget goes.
  const postShare = total > 0 ? Math.min(0.85, input.postBudget / total) : 0;
  let budget = input.postBudget;
  const enrolments = bulk.table('enrolments');
  const completions = bulk.table('completions', [enrolments]);
  const thingPublicPosts = new Map<number, number>();
  let participant: string | null = null;
  const finishers: string[] = [];
  const enrolledAt = Date.parse(`${programme.startsOn}T00:00:00Z`) - 5 * DAY;
  for (const plan of plans) {
    const userId = ids[plan.user]!;
    await enrolments.push({
      programme_id: programme.id,
      user_id: userId,
      status: 'active',
      calendar_token: newSecretToken(),
      enrolled_at: new Date(enrolledAt + Math.floor(rnd() * 14 * DAY)).toISOString(),
    });
    if (plan.pace === 'behind' && plan.done.length > 0 && !participant) participant = input.handles[plan.user]!;
    if (plan.pace === 'finished') finishers.push(userId);
    for (const thing of plan.done) {
      // In the Thing's week, or later for those who catch up; never in the future.
      // Things not open yet were done in the last few days by those ahead.
      const late = plan.pace === 'behind' || rnd() < 0.2 ? rnd() * 10 * DAY : 0;
      const opened = Date.parse(thing.opensAt);
      const at =
        opened > now
          ? now - 60_000 - Math.floor(rnd() * 5 * DAY)
          : Math.max(opened, Math.min(now - 60_000 - Math.floor(rnd() * 3_600_000), opened + Math.floor(rnd() * 6.5 * DAY + late)));
      if (budget > 0 && rnd() < postShare) {
        budget--;
        const v = rnd();
        const visibility: Visibility = v < 0.85 ? 'public' : v < 0.97 ? 'members' : 'private';
        const post = await input.addPost(plan.user, at, visibility, thing, input.posts.length);
        if (visibility === 'public') thingPublicPosts.set(thing.number, (thingPublicPosts.get(thing.number) ?? 0) + 1);
        await completions.push({
          id: newId(),
          programme_id: programme.id,
          thing_id: thing.id,
          user_id: userId,
          source: 'post',
          post_id: post.id,
          post_url: `${ctx.config.baseUrl}/@${input.handles[plan.user]}/${post.slug}`,
          post_title: post.title.slice(0, 300),
          excerpt: excerpt(post.body_text).slice(0, 600),
          visibility,
          note: null,
          recorded_by: null,
          completed_at: post.published_at!,
          created_at: post.published_at!,
        });
      } else {
        const iso = new Date(at).toISOString();
        await completions.push(
          manualCompletion({
            id: newId(),
            programmeId: programme.id,
            thingId: thing.id,
            userId,
            note: 'Shown at the weekly meet-up (fake data).',
            recordedBy: ids[0]!,
            completedAt: iso,
            createdAt: iso,
          }),
        );
      }
    }
  }
  return { participant, finishers, thingPublicPosts };
}

/** External blogs as registration leaves them, minus the first fetch: active, never checked, due now. */
async function addExternalBlogs(
  bulk: BulkSession,
  input: {
    count: number;
    base: string;
    ids: readonly string[];
    now: number;
    progress: (what: string, done: number, total: number) => void;
  },
) {
  const blogs = bulk.table('external_blogs');
  const at = new Date(input.now).toISOString();
  for (let i = 0; i < input.count; i++) {
    await blogs.push({
      id: newId(),
      user_id: input.ids[i % input.ids.length]!,
      feed_url: `${input.base}/feeds/${i}.xml`,
      site_url: `${input.base}/sites/${i}/`,
      title: `Feed farm blog ${i}`,
      etag: null,
      last_modified: null,
      created_at: at,
      last_checked_at: null,
      last_new_post_at: null,
      last_error: null,
      error_count: 0,
      next_check_at: at,
      paused: 0,
    });
    if (i % 1000 === 999) input.progress('external feeds', i + 1, input.count);
  }
  await bulk.flush();
  input.progress('external feeds', input.count, input.count);
}
