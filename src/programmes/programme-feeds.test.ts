import { parseFeed, parseOpml } from 'feedsmith';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBlogPost, createMember } from '../dev-data/factories.ts';
import { registerBlog } from '../external-blogs/blogs.service.ts';
import { useFeedFetcher } from '../external-blogs/fetcher.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { programmeWithThings } from '../../test/support/programmes.ts';

// A participant's external blog post and her post written here both answer Things: they tick them,
// and reach the programme's and the Thing's feeds and the programme's blog list.
describeEachDatabase('programme feeds and blog list', (h) => {
  let farm: FeedFarm;
  beforeAll(async () => {
    farm = await startFeedFarm();
    useFeedFetcher(h().ctx, createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 2_000 }));
  });
  afterAll(() => farm.close());

  it('carries matched external posts and posts written here into the progress, feeds and OPML', async () => {
    const { programme, enrol } = await programmeWithThings(h(), 'feeds-cohort', [
      { number: 1, title: 'Start your blog', week: 1, tags: ['thing1'] },
      { number: 2, title: 'Online networks', week: 1, tags: ['thing2'] },
    ]);
    const outside = await createMember(h().ctx, { handle: 'fc_outside', displayName: 'Olu Outside' });
    const inside = await createMember(h().ctx, { handle: 'fc_inside', displayName: 'Ines Inside' });
    await enrol(outside);
    await enrol(inside);

    farm.serve(
      '/olu.rss',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Olu's notes</title><link>${farm.origin}/olu/</link>` +
        `<item><guid>o1</guid><title>Networks, at last</title><link>${farm.origin}/olu/networks</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><category>thing2</category><description>Why I joined one network &amp; skipped another.</description></item>` +
        `</channel></rss>`,
    );
    await registerBlog(h().ctx, outside.id, `${farm.origin}/olu.rss`);
    await createBlogPost(h().ctx, inside, {
      title: 'Hello, blog',
      body: 'My first reflective post.',
      thing: { programme: programme.slug, number: 1 },
    });
    await createBlogPost(h().ctx, inside, {
      title: 'Secret thoughts',
      body: 'Only me.',
      visibility: 'private',
      thing: { programme: programme.slug, number: 2 },
    });

    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'fc_outside', password: outside.password })).json()).token;
    expect((await (await agent.api('GET', `/programmes/${programme.slug}/progress`)).json()).done).toEqual([2]);

    const atom = await h().app.request(`/programmes/${programme.slug}/feed.atom`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const parsed = parseFeed(await atom.text());
    expect(parsed.format).toBe('atom');
    const titles = (parsed.feed as { entries: Array<{ title?: string | { value?: string } }> }).entries.map((e) =>
      typeof e.title === 'string' ? e.title : e.title?.value,
    );
    expect(titles.sort()).toEqual(['Hello, blog', 'Networks, at last']);
    const thingFeed = parseFeed(await (await h().app.request(`/programmes/${programme.slug}/things/2/feed.json`)).text());
    expect((thingFeed.feed as { items: Array<{ url: string }> }).items.map((i) => i.url)).toEqual([`${farm.origin}/olu/networks`]);

    const etag = atom.headers.get('etag')!;
    expect((await h().app.request(`/programmes/${programme.slug}/feed.atom`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const opml = parseOpml(await (await h().app.request(`/programmes/${programme.slug}/blogs.opml`)).text());
    const outlines = (opml.body?.outlines ?? []).map((o) => [o.text, o.xmlUrl]);
    expect(outlines).toEqual([
      ['Ines Inside', 'http://localhost:3000/@fc_inside/feed.atom'],
      ['Olu Outside', `${farm.origin}/olu.rss`],
    ]);

    // The Thing pages: a post written here by its title, linking to it; an outside post by its
    // excerpt with "Read on their blog" linking home; the counts.
    const thing1 = await (await h().app.request(`/programmes/${programme.slug}/things/1`)).text();
    expect(thing1).toMatch(/<a href="http:\/\/localhost:3000\/@fc_inside\/hello-blog">Hello, blog<\/a>/);
    const thing2 = await (await h().app.request(`/programmes/${programme.slug}/things/2`)).text();
    expect(thing2).toContain('Why I joined one network &amp; skipped another.');
    expect(thing2).toMatch(new RegExp(`<a href="${farm.origin}/olu/networks"[^>]*>Read on their blog`));
    expect(thing2).toContain('2 of 2 participants have done this Thing; 1 post you can read.');

    // Each one's dashboard lists her latest posts for the programme, the same way round.
    const dashboard = async (handle: string, password: string) => {
      const a = h().agent();
      await a.post('/sign-in', { login: handle, password });
      return (await a.get('/')).text();
    };
    expect(await dashboard('fc_outside', outside.password)).toMatch(
      new RegExp(`Networks, at last \\(Thing 2, [^]*?<a href="${farm.origin}/olu/networks"[^>]*>Read on your blog`),
    );
    const insideHome = await dashboard('fc_inside', inside.password);
    expect(insideHome).toContain('<a href="http://localhost:3000/@fc_inside/hello-blog">Hello, blog</a> (Thing 1,');
    expect(insideHome).toContain('Secret thoughts</a> (Thing 2,');
  });
});
