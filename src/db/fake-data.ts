import { emailKey, handleKey } from '../accounts/accounts.queries.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';
import type { CommentsTable, PostsTable, UsersTable } from './schema.ts';

export interface FakeDataOptions {
  readonly members: number;
  readonly posts?: number;
  readonly comments?: number;
  /** Called as work goes on, so a terminal can show progress. */
  readonly progress?: (what: string, done: number, total: number) => void;
}

export interface FakeDataResult {
  readonly members: number;
  readonly posts: number;
  readonly comments: number;
  /** Handles of the members made, in order (the first ones write the most). */
  readonly handles: readonly string[];
  /** The post with the most comments: benchmarks read it. */
  readonly busiestPost: { readonly handle: string; readonly slug: string; readonly comments: number } | undefined;
}

/** Everyone made here shares this password, so benchmarks can sign in as any of them. */
export const FAKE_MEMBER_PASSWORD = 'fake data member password';

const first = ['Ada', 'Ben', 'Cleo', 'Dev', 'Efe', 'Fran', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kit', 'Lior', 'Mo', 'Nell', 'Oz', 'Pia', 'Quin', 'Ros', 'Sol', 'Tam'];
const last = ['Archer', 'Binder', 'Cole', 'Dewey', 'Ellis', 'Folio', 'Grant', 'Hale', 'Index', 'Jones', 'Keane', 'Lamb', 'Marsh', 'Noble', 'Orr', 'Page'];
const words = ('library catalogue reading archive reflection network mentor chartership metadata learning community ' +
  'programme blog feed privacy profile evidence practice question curiosity shelf record search index journal ' +
  'conference workshop advocacy teaching research skills career colleague patience habit summary draft').split(' ');
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

function sentence(rnd: () => number, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[Math.floor(rnd() * words.length)]!);
  const text = out.join(' ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}

async function inBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Volume for benchmarks: members, their posts (most public, tagged) and comments with replies,
 * inserted in batches straight into the tables. One password hash is shared, since hashing is
 * deliberately slow. Comments pile up on a few posts, as they do in life.
 */
export async function makeFakeData(ctx: AppContext, options: FakeDataOptions): Promise<FakeDataResult> {
  const rnd = random(23);
  const passwordHash = await hashPassword(FAKE_MEMBER_PASSWORD);
  const start = ctx.clock.now().getTime();
  const runId = Date.now().toString(36);
  const db = ctx.db.kysely;

  const members: UsersTable[] = [];
  for (let i = 0; i < options.members; i++) {
    const handle = `fake_${runId}_${i}`;
    const at = new Date(start - 400 * 86_400_000).toISOString();
    members.push({
      id: newId(), handle, handle_key: handleKey(handle), email: `${handle}@example.org`, email_key: emailKey(`${handle}@example.org`),
      display_name: `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`,
      password_hash: passwordHash, email_verified_at: at, created_at: at, updated_at: at,
    });
  }
  let done = 0;
  await inBatches(members, 500, async (batch) => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(batch).execute();
      await trx.insertInto('user_roles').values(batch.map((r) => ({ user_id: r.id, role: 'member' as const, granted_at: r.created_at }))).execute();
    });
    options.progress?.('members', (done += batch.length), members.length);
  });

  const postCount = members.length ? (options.posts ?? 0) : 0;
  const posts: Array<PostsTable & { handle: string }> = [];
  const postTags: Array<{ post_id: string; tag: string }> = [];
  done = 0;
  for (let i = 0; i < postCount; i++) {
    // A fifth of the members write most of the posts.
    const author = members[rnd() < 0.8 ? Math.floor(rnd() * Math.max(1, members.length / 5)) : Math.floor(rnd() * members.length)]!;
    const title = sentence(rnd, 4 + Math.floor(rnd() * 5)).slice(0, -1);
    const paragraphs = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => sentence(rnd, 20 + Math.floor(rnd() * 30)));
    const at = new Date(start - Math.floor(rnd() * 365 * 86_400_000)).toISOString();
    const v = rnd();
    posts.push({
      id: newId(), author_id: author.id, handle: author.handle, slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`, title,
      body: paragraphs.join('\n\n'), body_format: 'markdown', html: paragraphs.map((p) => `<p>${p}</p>`).join('\n'), body_text: paragraphs.join(' '),
      status: 'published', visibility: v < 0.8 ? 'public' : v < 0.93 ? 'members' : 'private', comments: 'default',
      thing_programme: null, thing_number: null, source: 'local', source_key: null,
      published_at: at, edited_at: null, created_at: at, updated_at: at, cover_media_id: null,
    });
    const tagCount = Math.floor(rnd() * 3);
    const chosen = new Set<string>();
    for (let t = 0; t <= tagCount; t++) chosen.add(tags[Math.floor(rnd() * tags.length)]!);
    for (const tag of chosen) postTags.push({ post_id: posts[posts.length - 1]!.id, tag });
  }
  await inBatches(posts, 400, async (batch) => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('posts').values(batch.map(({ handle: _handle, ...row }) => row)).execute();
      const ids = new Set(batch.map((p) => p.id));
      const tagRows = postTags.filter((t) => ids.has(t.post_id));
      if (tagRows.length) await trx.insertInto('post_tags').values(tagRows).execute();
    });
    options.progress?.('posts', (done += batch.length), posts.length);
  });

  const commentCount = posts.length ? (options.comments ?? 0) : 0;
  const perPost = new Map<number, number>();
  let comments: CommentsTable[] = [];
  const recent: string[] = [];
  done = 0;
  const flush = async () => {
    const batch = comments;
    comments = [];
    await db.transaction().execute((trx) => trx.insertInto('comments').values(batch).execute());
    options.progress?.('comments', (done += batch.length), commentCount);
  };
  for (let i = 0; i < commentCount; i++) {
    // Skewed: low post indices collect far more comments (a Zipf-like pile-up).
    const index = Math.min(posts.length - 1, Math.floor(posts.length * rnd() ** 3));
    const post = posts[index]!;
    perPost.set(index, (perPost.get(index) ?? 0) + 1);
    const author = members[Math.floor(rnd() * members.length)]!;
    const body = sentence(rnd, 8 + Math.floor(rnd() * 20));
    const id = newId();
    const parent = recent.length && rnd() < 0.3 ? recent[Math.floor(rnd() * recent.length)] : undefined;
    comments.push({
      id, post_id: post.id, parent_id: parent && parent.startsWith(post.id) ? parent.slice(post.id.length + 1) : null,
      author_id: author.id, author_name: null, author_url: null, body, html: `<p>${body}</p>`, status: 'visible', source_key: null,
      created_at: new Date(Date.parse(post.published_at!) + Math.floor(rnd() * 86_400_000)).toISOString(), edited_at: null, deleted_at: null,
    });
    recent.push(`${post.id}:${id}`);
    if (recent.length > 50) recent.shift();
    if (comments.length >= 1000) await flush();
  }
  if (comments.length) await flush();

  let busiest: FakeDataResult['busiestPost'];
  for (const [index, count] of perPost) {
    const p = posts[index]!;
    if (p.visibility === 'public' && (!busiest || count > busiest.comments)) busiest = { handle: p.handle, slug: p.slug, comments: count };
  }
  return { members: members.length, posts: posts.length, comments: commentCount, handles: members.map((m) => m.handle), busiestPost: busiest };
}
