import { expect, it } from 'vitest';
import { createBlogPost, createMember, publishThingPost } from '../dev-data/factories.ts';
import { ingestEntries } from '../external-blogs/ingest.ts';
import { newId } from '../ids.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession, programmeWithThings } from '../../test/support/programmes.ts';

// What each kind of write drops from the anonymous page cache, seen as a reader sees it: the pages
// that show the change are rendered afresh at once (X-Cache: miss), every other page stays kept (hit).

describeEachDatabase('page cache: a write drops only the pages that show it', (h) => {
  const reader = () => h().agent();
  const xCache = async (path: string) => {
    const res = await reader().get(path);
    expect(res.status, path).toBe(200);
    return res.headers.get('x-cache');
  };
  /** Renders each page once, so that the next request is answered from the cache. */
  const warm = async (...paths: string[]) => {
    for (const path of paths) await reader().get(path);
    for (const path of paths) expect(await xCache(path), path).toBe('hit');
  };
  const expectFresh = async (...paths: string[]) => {
    for (const path of paths) expect(await xCache(path), `${path} should be rendered afresh`).toBe('miss');
  };
  const expectKept = async (...paths: string[]) => {
    for (const path of paths) expect(await xCache(path), `${path} should still be kept`).toBe('hit');
  };

  /** Two authors, each with a tagged post, and a programme with a Thing: pages that do not share data. */
  async function twoBlogs(prefix: string) {
    const a = await memberWithAgent(h(), { handle: `${prefix}_a` });
    const b = await memberWithAgent(h(), { handle: `${prefix}_b` });
    const postA = await createBlogPost(h().ctx, a.member, { title: `${prefix} post A`, tags: [`${prefix}-a`] });
    const postB = await createBlogPost(h().ctx, b.member, { title: `${prefix} post B`, tags: [`${prefix}-b`] });
    const commenter = await memberWithAgent(h(), { handle: `${prefix}_c` });
    // Old enough that her comment is shown at once rather than held.
    await h()
      .ctx.db.kysely.updateTable('users')
      .set({ created_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', commenter.member.id)
      .execute();
    const { programme } = await programmeWithThings(h(), `${prefix}-prog`, [{ number: 1, title: 'Try a wiki', week: 1 }]);
    const pages = {
      a: `/@${a.member.handle}/${postA.slug}`,
      b: `/@${b.member.handle}/${postB.slug}`,
      blogA: `/@${a.member.handle}`,
      blogB: `/@${b.member.handle}`,
      feedA: `/@${a.member.handle}/feed.atom`,
      tagA: `/tags/${prefix}-a`,
      tagB: `/tags/${prefix}-b`,
      stream: '/posts',
      streamFeed: '/posts/feed.rss',
      programme: `/programmes/${programme.slug}`,
      thing: `/programmes/${programme.slug}/things/1`,
    };
    return { a, b, postA, postB, commenter, programme, pages };
  }

  it('an edit of post A renders A afresh at once and leaves post B and B’s blog kept', async () => {
    const { a, postA, pages } = await twoBlogs('ed');
    await warm(...Object.values(pages));
    expect((await a.agent.api('PATCH', `/posts/${postA.id}`, { title: 'ed post A, revised' })).status).toBe(200);
    const page = await reader().get(pages.a);
    expect(page.headers.get('x-cache')).toBe('miss');
    expect(await page.text()).toContain('ed post A, revised');
    await expectFresh(pages.blogA, pages.feedA, pages.tagA, pages.stream, pages.streamFeed);
    await expectKept(pages.b, pages.blogB, pages.tagB, pages.programme, pages.thing);
  });

  it('a comment on A renders A and the lists holding A afresh, and nothing else', async () => {
    const { postA, commenter, pages } = await twoBlogs('co');
    await warm(...Object.values(pages));
    expect((await commenter.agent.api('POST', `/posts/${postA.id}/comments`, { body: 'A fine point.' })).status).toBe(201);
    const page = await reader().get(pages.a);
    expect(page.headers.get('x-cache')).toBe('miss');
    expect(await page.text()).toContain('A fine point.');
    await expectFresh(pages.blogA, pages.tagA, pages.stream, pages.streamFeed);
    await expectKept(pages.b, pages.blogB, pages.tagB, pages.programme, pages.thing);

    const comment = (await (await commenter.agent.api('GET', `/posts/${postA.id}/comments`)).json()) as { items: Array<{ id: string }> };
    const id = comment.items[0]!.id;
    await warm(pages.a, pages.b);
    expect((await commenter.agent.api('PATCH', `/comments/${id}`, { body: 'A finer point.' })).status).toBe(204);
    expect(await (await reader().get(pages.a)).text()).toContain('A finer point.');
    await expectKept(pages.b);
    await warm(pages.a);
    expect((await commenter.agent.api('DELETE', `/comments/${id}`)).status).toBe(204);
    expect(await (await reader().get(pages.a)).text()).not.toContain('A finer point.');
    await expectKept(pages.b);
  });

  it('a new post renders its author’s blog, the stream and its tag afresh, and leaves other posts kept', async () => {
    const { a, pages } = await twoBlogs('np');
    await warm(...Object.values(pages));
    const created = await a.agent.api('POST', '/posts', {
      title: 'np brand new',
      body: 'Fresh.',
      tags: ['np-a'],
      visibility: 'public',
      status: 'published',
    });
    expect(created.status).toBe(201);
    for (const path of [pages.blogA, pages.stream, pages.tagA])
      expect(await (await reader().get(path)).text(), path).toContain('np brand new');
    await expectFresh(pages.feedA, pages.streamFeed);
    await expectKept(pages.a, pages.b, pages.blogB, pages.tagB, pages.programme, pages.thing);
  });

  it('deleting A, or making it members-only, takes it off every page at once and leaves B kept', async () => {
    const { a, b, postA, postB, pages } = await twoBlogs('dv');
    await warm(...Object.values(pages));
    expect((await b.agent.api('PATCH', `/posts/${postB.id}`, { visibility: 'members' })).status).toBe(200);
    expect((await reader().get(pages.b)).status).toBe(404);
    for (const path of [pages.blogB, pages.stream, pages.tagB])
      expect(await (await reader().get(path)).text(), path).not.toContain('dv post B');
    await expectKept(pages.a, pages.blogA, pages.tagA, pages.programme);

    expect((await a.agent.api('DELETE', `/posts/${postA.id}`)).status).toBe(204);
    expect((await reader().get(pages.a)).status).toBe(404);
    for (const path of [pages.blogA, pages.stream, pages.tagA])
      expect(await (await reader().get(path)).text(), path).not.toContain('dv post A');
    await expectKept(pages.programme, pages.thing);
  });

  it('an enrolment or a completion renders its programme’s pages afresh and leaves posts and other programmes kept', async () => {
    const { pages } = await twoBlogs('pr');
    const other = await programmeWithThings(h(), 'pr-other', [{ number: 1, title: 'Elsewhere', week: 1 }]);
    const ours = await programmeWithThings(h(), 'pr-ours', [{ number: 1, title: 'Try a map', week: 1 }]);
    const { member, agent } = await memberWithSession(h(), { handle: 'pr_joiner' });
    const organiser = h().agent();
    await organiser.signIn(ours.organiser.handle, ours.organiser.password);
    const ourPages = ['/programmes/pr-ours', '/programmes/pr-ours/things/1', '/programmes/pr-ours/feed.atom'];
    const kept = [pages.a, pages.b, pages.stream, '/programmes/pr-other', '/programmes/pr-other/things/1'];
    await warm(...ourPages, ...kept);

    expect((await agent.post('/programmes/pr-ours/enrolment')).status).toBe(303);
    expect(await (await reader().get('/programmes/pr-ours/things/1')).text()).toContain('0 of 1 participant');
    await expectFresh('/programmes/pr-ours');
    await expectKept(...kept);

    await warm(...ourPages);
    const marked = await organiser.api('POST', '/programmes/pr-ours/things/1/completions', { handle: member.handle, note: 'Showed me.' });
    expect(marked.status).toBe(201);
    expect(await (await reader().get('/programmes/pr-ours/things/1')).text()).toContain('1 of 1 participant');
    await expectFresh('/programmes/pr-ours');
    await expectKept(...kept);
    expect(other.programme.slug).toBe('pr-other');
  });

  it('a post answering a Thing, and an external post matched to it, render the Thing afresh at once', async () => {
    const ours = await programmeWithThings(h(), 'ex-ours', [{ number: 1, title: 'Try a podcast', week: 1, tags: ['expodcast'] }]);
    await programmeWithThings(h(), 'ex-other', [{ number: 1, title: 'Elsewhere', week: 1 }]);
    const writer = await createMember(h().ctx, { handle: 'ex_writer' });
    await ours.enrol(writer);
    const bystander = await createBlogPost(h().ctx, writer, { title: 'ex unrelated' });
    const thing = '/programmes/ex-ours/things/1';
    const kept = [`/@ex_writer/${bystander.slug}`, '/programmes/ex-other/things/1'];
    await warm(thing, ...kept);

    await publishThingPost(h().ctx, writer, { programme: 'ex-ours', number: 1 }, { title: 'ex my podcast post' });
    expect(await (await reader().get(thing)).text()).toContain('ex my podcast post');
    await expectKept(...kept);

    await warm(thing);
    const blogId = newId();
    const at = h().ctx.clock.now().toISOString();
    await h()
      .ctx.db.kysely.insertInto('external_blogs')
      .values({
        id: blogId,
        user_id: writer.id,
        feed_url: 'https://blog.example/feed',
        site_url: null,
        title: 'My blog',
        etag: null,
        last_modified: null,
        created_at: at,
        last_checked_at: null,
        last_new_post_at: null,
        last_error: null,
        error_count: 0,
        next_check_at: at,
        paused: 0,
      })
      .execute();
    // Registering the blog is bookkeeping no cached page shows: the Thing page is still kept.
    await expectKept(thing);
    const result = await ingestEntries(
      h().ctx,
      { id: blogId, user_id: writer.id },
      [
        {
          id: 'ex-1',
          url: 'https://blog.example/ex-1',
          title: 'ex my outside post',
          publishedAt: at,
          updatedAt: at,
          tags: ['expodcast'],
          contentHtml: '<p>Words.</p>',
          summaryHtml: null,
          excerpt: 'Words.',
          baseUrl: 'https://blog.example/',
        },
      ],
      'https://blog.example/feed',
    );
    expect(result.added).toBe(1);
    expect(await (await reader().get(thing)).text()).toContain('ex my outside post');
    await expectKept(...kept);
  });

  it('drops a page that declares nothing on any write that readers can see', async () => {
    const { a, postA, pages } = await twoBlogs('un');
    // The programmes list declares no dependencies: the safe default.
    await warm('/programmes', '/', pages.b);
    expect((await a.agent.api('PATCH', `/posts/${postA.id}`, { title: 'un post A, again' })).status).toBe(200);
    await expectFresh('/programmes');
    // The welcome page shows nothing from the database.
    await expectKept('/', pages.b);
  });
});

describeEachDatabase(
  'page cache: bounded by bytes',
  (h) => {
    it('keeps within PAGE_CACHE_MB however many distinct pages are read, dropping the least recently read', async () => {
      const author = await createMember(h().ctx, { handle: 'budget_author' });
      // About 50 KB a page: twenty such pages fill the 1 MB budget.
      const post = await createBlogPost(h().ctx, author, {
        title: 'Long read',
        body: 'A sentence of some length, repeated. '.repeat(1400),
      });
      const reader = h().agent();
      const pages = () =>
        h()
          .ctx.cache.stats()
          .find((s) => s.name === 'pages')!;
      for (let n = 0; n < 60; n++) expect((await reader.get(`/@budget_author/${post.slug}?n=${n}`)).status).toBe(200);
      expect(pages().bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(pages().entries).toBeGreaterThan(5);
      expect(pages().entries).toBeLessThan(60);
      expect((await reader.get(`/@budget_author/${post.slug}?n=59`)).headers.get('x-cache')).toBe('hit');
      expect((await reader.get(`/@budget_author/${post.slug}?n=0`)).headers.get('x-cache')).toBe('miss');
    });
  },
  { env: { PAGE_CACHE_MB: '1' } },
);
