import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import type { PostEvent } from '../events.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { useFeedFetcher } from './fetcher.ts';
import { pollBlog, pollDueFeeds } from './poll.ts';
import type { Account } from '../accounts/accounts.service.ts';
import { programmeWithThings } from '../../test/support/programmes.ts';

/** Builds an RSS 2.0 feed from items: the farm serves it; nothing leaves this machine. */
function rss(
  title: string,
  items: Array<{ guid?: string; title: string; link?: string; date?: string; tags?: string[]; body?: string }>,
): string {
  const entries = items
    .map(
      (i) =>
        `<item>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}<title>${i.title}</title>${i.link ? `<link>${i.link}</link>` : ''}` +
        `${i.date ? `<pubDate>${i.date}</pubDate>` : ''}${(i.tags ?? []).map((t) => `<category>${t}</category>`).join('')}` +
        `<description><![CDATA[${i.body ?? `<p>${i.title}</p>`}]]></description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://blog.example/</link>${entries}</channel></rss>`;
}

describeEachDatabase('external blogs: registering and polling', (h) => {
  let farm: FeedFarm;
  const published: PostEvent[] = [];
  const withdrawn: string[] = [];
  let enrolInCpd23: (member: Account) => Promise<void>;

  beforeAll(async () => {
    farm = await startFeedFarm();
    useFeedFetcher(h().ctx, createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 2_000 }));
    h().ctx.events.on('post.published', (e) => void published.push(e));
    h().ctx.events.on('post.withdrawn', (e) => void withdrawn.push(e.postId));
    // A real programme: its Things reach the matcher through the programmes capability's directory.
    ({ enrol: enrolInCpd23 } = await programmeWithThings(h(), 'cpd23', [
      { number: 1, title: 'Blogging', week: 1, tags: ['thing1'] },
      { number: 6, title: 'Online networks', week: 2, tags: ['thing6'] },
    ]));
  });
  afterAll(() => farm.close());

  const signedIn = async (handle: string) => {
    const member = await createMember(h().ctx, { handle });
    await enrolInCpd23(member);
    const agent = h().agent();
    await agent.post('/sign-in', { login: handle, password: member.password });
    return { member, agent };
  };
  const blogRow = (id: string) => h().ctx.db.kysely.selectFrom('external_blogs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const postsOf = (id: string) =>
    h().ctx.db.kysely.selectFrom('external_posts').selectAll().where('blog_id', '=', id).orderBy('published_at').execute();

  it('registers by site address through <link rel="alternate">, reads the feed at once and matches posts', async () => {
    farm.serve(
      '/ada/',
      `<!doctype html><html><head><title>Ada</title><link rel="alternate" type="application/rss+xml" href="/ada/posts.rss"></head><body></body></html>`,
      { 'content-type': 'text/html; charset=utf-8' },
    );
    farm.serve(
      '/ada/posts.rss',
      rss("Ada's Notebook", [
        { guid: 'a1', title: 'Thing 6: online networks', link: `${farm.origin}/ada/t6`, date: 'Mon, 02 Nov 2026 08:00:00 GMT' },
        { guid: 'a2', title: 'Weekend reading', link: `${farm.origin}/ada/wr`, date: 'Sun, 01 Nov 2026 08:00:00 GMT' },
      ]),
      { etag: '"ada-1"' },
    );
    const { agent } = await signedIn('ada_ext');
    const res = await agent.api('POST', '/me/blogs', { url: `${farm.origin}/ada/` });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), feedUrl: `${farm.origin}/ada/posts.rss`, title: "Ada's Notebook" });

    const posts = await postsOf(body.id);
    expect(posts.map((p) => [p.title, p.match_status, p.thing_number])).toEqual([
      ['Weekend reading', 'unmatched', null],
      ['Thing 6: online networks', 'matched', 6],
    ]);
    const event = published.find((e) => e.postId === posts[1]!.id)!;
    expect(event).toMatchObject({
      source: 'external',
      url: `${farm.origin}/ada/t6`,
      thing: { programme: 'cpd23', number: 6 },
      visibility: 'public',
      publishedAt: '2026-11-02T08:00:00.000Z',
    });
    expect(published.find((e) => e.postId === posts[0]!.id)!.thing).toBeNull();

    const list = await (await agent.api('GET', '/me/blogs')).json();
    expect(list).toEqual({
      items: [
        expect.objectContaining({
          id: body.id,
          feedUrl: `${farm.origin}/ada/posts.rss`,
          title: "Ada's Notebook",
          lastCheckedAt: '2026-11-02T09:00:00.000Z',
          lastError: null,
        }),
      ],
      next: null,
    });
    expect((await agent.api('POST', '/me/blogs', { url: `${farm.origin}/ada/posts.rss` })).status).toBe(409);
  });

  it('finds a feed on the usual paths when the page announces none', async () => {
    farm.serve('/plain/', '<!doctype html><html><head><title>No links</title></head></html>', { 'content-type': 'text/html' });
    farm.serve(
      '/plain/atom.xml',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>Plain Atom</title><entry><id>p1</id><title>Hello</title><updated>2026-11-01T00:00:00Z</updated></entry></feed>',
    );
    const { agent } = await signedIn('bo_paths');
    const res = await agent.api('POST', '/me/blogs', { url: `${farm.origin}/plain/` });
    expect(res.status).toBe(201);
    expect((await res.json()).feedUrl).toBe(`${farm.origin}/plain/atom.xml`);
  });

  it('refuses private addresses and unusable ones with a plain 422, before any connection', async () => {
    const { agent } = await signedIn('cy_refused');
    const before = farm.requests.length;
    for (const url of [
      `http://localhost:${farm.port}/ada/`,
      `http://[::1]:${farm.port}/`,
      `http://2130706434:${farm.port}/`,
      `http://127.0.0.2:${farm.port}/`,
      'file:///etc/passwd',
    ]) {
      const res = await agent.api('POST', '/me/blogs', { url });
      expect(res.status, url).toBe(422);
      const { error } = await res.json();
      expect(error.message, url).toMatch(/private network|Only http and https/);
    }
    expect(farm.requests.length).toBe(before);
    const missing = await agent.api('POST', '/me/blogs', { url: `${farm.origin}/nothing-here/` });
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.message).toBe('That address answered 404 (not found).');
  });

  it('sends conditional requests on the next poll and takes a 304 as no news', async () => {
    const { member } = await signedIn('di_cond');
    farm.serve('/di.rss', rss('Di', [{ guid: 'd1', title: 'First', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]), {
      etag: '"di-1"',
      'last-modified': 'Mon, 02 Nov 2026 07:00:00 GMT',
    });
    const { registerBlog } = await import('./blogs.service.ts');
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/di.rss`);
    const result = await pollBlog(h().ctx, await blogRow(blog.id));
    expect(result.outcome).toBe('not-modified');
    const last = farm.requests.filter((r) => r.path === '/di.rss').at(-1)!;
    expect(last.headers['if-none-match']).toBe('"di-1"');
    expect(last.headers['if-modified-since']).toBe('Mon, 02 Nov 2026 07:00:00 GMT');
    expect(await postsOf(blog.id)).toHaveLength(1);
  });

  it('brings new posts in once, updates edited ones, and keeps duplicates out', async () => {
    const { member } = await signedIn('el_edits');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/el.rss', rss('El', [{ guid: 'e1', title: 'Draft thoughts', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/el.rss`);
    h().clock.advance(60 * 60 * 1000);
    farm.serve(
      '/el.rss',
      rss('El', [
        { guid: 'e2', title: 'Thing 1 at last', date: 'Mon, 02 Nov 2026 09:30:00 GMT' },
        { guid: 'e2', title: 'Thing 1 at last', date: 'Mon, 02 Nov 2026 09:30:00 GMT' },
        { title: 'No id, only a link', link: `${farm.origin}/el/3` },
        { title: 'Neither id nor link', date: 'Mon, 02 Nov 2026 09:40:00 GMT' },
        { guid: 'e1', title: 'Finished thoughts, now tagged', date: 'Mon, 02 Nov 2026 07:00:00 GMT', tags: ['Thing6'] },
      ]),
    );
    const first = await pollBlog(h().ctx, await blogRow(blog.id));
    expect(first).toMatchObject({ outcome: 'new-posts', added: 3, updated: 1 });
    const again = await pollBlog(h().ctx, await blogRow(blog.id));
    expect(again).toMatchObject({ outcome: 'unchanged', added: 0, updated: 0 });
    const posts = await postsOf(blog.id);
    expect(posts).toHaveLength(4);
    const edited = posts.find((p) => p.guid === 'e1')!;
    expect(edited).toMatchObject({ title: 'Finished thoughts, now tagged', match_status: 'matched', thing_number: 6, match_rule: 'tag' });
    expect(published.filter((e) => e.postId === edited.id).map((e) => e.thing?.number ?? null)).toEqual([null, 6]);
    farm.serve(
      '/el.rss',
      rss('El', [{ guid: 'e1', title: 'Finished thoughts, now on Thing 1', date: 'Mon, 02 Nov 2026 07:00:00 GMT', tags: ['Thing1'] }]),
    );
    await pollBlog(h().ctx, await blogRow(blog.id));
    expect(withdrawn).toContain(edited.id);
    expect(published.filter((e) => e.postId === edited.id).at(-1)!.thing).toEqual({ programme: 'cpd23', number: 1 });
    const { blogsOfMembers } = await import('./blogs.service.ts');
    expect((await blogsOfMembers(h().ctx, [member.id])).map((b) => b.feedUrl)).toEqual([`${farm.origin}/el.rss`]);
    expect((await blogRow(blog.id)).last_new_post_at).toBe(h().clock.now().toISOString());
  });

  it('reports a feed that turns malformed or answers an error, keeps its posts, and backs off', async () => {
    const { member } = await signedIn('fi_errors');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/fi.rss', rss('Fi', [{ guid: 'f1', title: 'Kept', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/fi.rss`);
    const start = h().clock.now().getTime();
    farm.serve('/fi.rss', '<rss><channel><title>Fi</title><item><title>half');
    const malformed = await pollBlog(h().ctx, await blogRow(blog.id));
    expect(malformed.outcome).toBe('failed');
    let row = await blogRow(blog.id);
    expect(row.last_error).toMatch(/^The feed is not well-formed, so it could not be read on \d+ Nov 2026\.$/);
    expect(row.error_count).toBe(1);
    expect(Date.parse(row.next_check_at) - start).toBe(60 * 60 * 1000);
    expect(await postsOf(blog.id)).toHaveLength(1);

    farm.serve('/fi.rss', 'gone', {}, 404);
    await pollBlog(h().ctx, await blogRow(blog.id));
    row = await blogRow(blog.id);
    expect(row.last_error).toBe(`The feed answered 404 (not found) on ${new Date(start).getUTCDate()} Nov 2026.`);
    expect(Date.parse(row.next_check_at) - start).toBe(2 * 60 * 60 * 1000);
    await pollBlog(h().ctx, await blogRow(blog.id));
    expect(Date.parse((await blogRow(blog.id)).next_check_at) - start).toBe(4 * 60 * 60 * 1000);

    farm.route('/fi.rss', (_req, res) => void res.writeHead(429, { 'retry-after': '86400' }).end());
    await pollBlog(h().ctx, await blogRow(blog.id));
    row = await blogRow(blog.id);
    expect(row.last_error).toMatch(/^The feed answered 429 \(too many requests\)/);
    expect(Date.parse(row.next_check_at) - start).toBe(24 * 60 * 60 * 1000);

    farm.serve('/fi.rss', rss('Fi', [{ guid: 'f1', title: 'Kept', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    await pollBlog(h().ctx, await blogRow(blog.id));
    row = await blogRow(blog.id);
    expect(row).toMatchObject({ last_error: null, error_count: 0 });
  });

  it('records slow, huge and unreachable feeds as plain errors', async () => {
    const { member } = await signedIn('fo_limits');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/fo.rss', rss('Fo', [{ guid: 'o1', title: 'Hi', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/fo.rss`);
    const strict = createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 300, maxBytes: 10_000 });
    farm.route('/fo.rss', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      setTimeout(() => res.end('</channel></rss>'), 2_000).unref();
    });
    await pollBlog(h().ctx, await blogRow(blog.id), strict);
    expect((await blogRow(blog.id)).last_error).toBe(`127.0.0.1:${farm.port} took too long to answer on 2 Nov 2026.`);
    farm.route(
      '/fo.rss',
      (_req, res) => void res.writeHead(200).end(`<rss version="2.0"><channel><title>${'x'.repeat(20_000)}</title></channel></rss>`),
    );
    await pollBlog(h().ctx, await blogRow(blog.id), strict);
    expect((await blogRow(blog.id)).last_error).toMatch(/^The answer from 127\.0\.0\.1:\d+ is larger than/);
    const gone = await startFeedFarm();
    await gone.close();
    await h()
      .ctx.db.kysely.updateTable('external_blogs')
      .set({ feed_url: `${gone.origin}/fo.rss` })
      .where('id', '=', blog.id)
      .execute();
    await pollBlog(h().ctx, await blogRow(blog.id), strict);
    expect(await blogRow(blog.id)).toMatchObject({
      last_error: `127.0.0.1:${gone.port} refused the connection on 2 Nov 2026.`,
      error_count: 3,
    });
    await strict.close();
  });

  it('moves the stored address on a permanent redirect, not on a temporary one', async () => {
    const { member } = await signedIn('gu_moves');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/gu-new.rss', rss('Gu', [{ guid: 'g1', title: 'Hi', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    farm.serve('/gu.rss', rss('Gu', [{ guid: 'g1', title: 'Hi', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/gu.rss`);
    farm.route('/gu.rss', (_req, res) => void res.writeHead(302, { location: '/gu-new.rss' }).end());
    await pollBlog(h().ctx, await blogRow(blog.id));
    expect((await blogRow(blog.id)).feed_url).toBe(`${farm.origin}/gu.rss`);
    farm.route('/gu.rss', (_req, res) => void res.writeHead(301, { location: '/gu-new.rss' }).end());
    await pollBlog(h().ctx, await blogRow(blog.id));
    expect((await blogRow(blog.id)).feed_url).toBe(`${farm.origin}/gu-new.rss`);
    expect(await postsOf(blog.id)).toHaveLength(1);
  });

  it('polls only due, unpaused feeds, at most two at once per host', async () => {
    await h().ctx.db.kysely.updateTable('external_blogs').set({ next_check_at: '2099-01-01T00:00:00.000Z' }).execute();
    const { member, agent } = await signedIn('ha_cycle');
    const { registerBlog } = await import('./blogs.service.ts');
    let active = 0;
    let most = 0;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      farm.serve(`/cycle${i}.rss`, rss(`C${i}`, [{ guid: `c${i}`, title: 'x', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
      ids.push((await registerBlog(h().ctx, member.id, `${farm.origin}/cycle${i}.rss`)).id);
      farm.route(`/cycle${i}.rss`, async (_req, res) => {
        active += 1;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 40));
        active -= 1;
        res.writeHead(304).end();
      });
    }
    expect((await agent.api('PATCH', `/me/blogs/${ids[5]}`, { paused: true })).status).toBe(200);
    h().clock.advance(2 * 60 * 60 * 1000);
    const result = await pollDueFeeds(h().ctx, { perHost: 2, concurrency: 8 });
    expect(result).toMatchObject({ checked: 5, notModified: 5, failed: 0 });
    expect(most).toBe(2);
    expect(await pollDueFeeds(h().ctx)).toMatchObject({ checked: 0 });
  });

  it("answers 404 for another member's blog and checks her own on demand", async () => {
    const { member } = await signedIn('io_owner');
    const { agent: other } = await signedIn('ju_other');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/io.rss', rss('Io', [{ guid: 'i1', title: 'Hi', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    const blog = await registerBlog(h().ctx, member.id, `${farm.origin}/io.rss`);
    expect((await other.api('POST', `/me/blogs/${blog.id}/check`)).status).toBe(404);
    expect((await other.api('DELETE', `/me/blogs/${blog.id}`)).status).toBe(404);
    const owner = h().agent();
    await owner.post('/sign-in', { login: 'io_owner', password: member.password });
    const res = await owner.api('POST', `/me/blogs/${blog.id}/check`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: blog.id, lastError: null, added: 0 });
    expect((await owner.api('DELETE', `/me/blogs/${blog.id}`)).status).toBe(204);
    expect((await owner.api('GET', '/me/blogs')).status).toBe(200);
    expect(await postsOf(blog.id)).toHaveLength(0);
  });

  it('lets the member assign an unplaced post to a Thing and unassign it, announcing each', async () => {
    const { member, agent } = await signedIn('ka_inbox');
    const { registerBlog } = await import('./blogs.service.ts');
    farm.serve('/ka.rss', rss('Ka', [{ guid: 'k1', title: 'Thing 1 and Thing 6 together', date: 'Mon, 02 Nov 2026 07:00:00 GMT' }]));
    await registerBlog(h().ctx, member.id, `${farm.origin}/ka.rss`);
    const inbox = await (await agent.api('GET', '/me/external-posts/inbox')).json();
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({
      matchStatus: 'ambiguous',
      choices: [
        { programme: 'cpd23', number: 1 },
        { programme: 'cpd23', number: 6 },
      ],
    });
    const id = inbox.items[0].id;
    expect((await agent.api('PUT', `/me/external-posts/${id}/thing`, { programme: 'cpd23', number: 9 })).status).toBe(422);
    const assigned = await agent.api('PUT', `/me/external-posts/${id}/thing`, { programme: 'cpd23', number: 6 });
    expect(await assigned.json()).toMatchObject({ matchStatus: 'assigned', thing: { programme: 'cpd23', number: 6 } });
    expect(published.at(-1)).toMatchObject({ postId: id, thing: { programme: 'cpd23', number: 6 } });
    expect((await (await agent.api('GET', '/me/external-posts/inbox')).json()).items).toHaveLength(0);
    const un = await agent.api('DELETE', `/me/external-posts/${id}/thing`);
    expect(await un.json()).toMatchObject({ matchStatus: 'unassigned', thing: null });
    expect(withdrawn).toContain(id);
  });
});
