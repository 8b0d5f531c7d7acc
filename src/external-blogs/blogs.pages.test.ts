import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { useFeedFetcher } from './fetcher.ts';
import type { Account } from '../accounts/accounts.service.ts';
import { programmeWithThings } from '../../test/support/programmes.ts';

const feed = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet Stacks</title><link>https://stacks.example/</link>${items}</channel></rss>`;

describeEachDatabase('external blogs: pages', (h) => {
  let farm: FeedFarm;
  let enrolInCpd23: (member: Account) => Promise<void>;
  beforeAll(async () => {
    farm = await startFeedFarm();
    useFeedFetcher(h().ctx, createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 2_000 }));
    ({ enrol: enrolInCpd23 } = await programmeWithThings(h(), 'cpd23', [
      { number: 1, title: 'Blogging', week: 1 },
      { number: 2, title: 'Personal brand', week: 1 },
    ]));
    farm.serve(
      '/stacks.rss',
      feed(
        '<item><guid>s1</guid><title>Thing 1: why I blog</title><link>https://stacks.example/1</link><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;Because &lt;script&gt;x()&lt;/script&gt;writing helps.&lt;/p&gt;</description></item>' +
          '<item><guid>s2</guid><title>Things 1 and 2, together</title><link>https://stacks.example/2</link><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate><category>thing 1</category></item>',
      ),
    );
  });
  afterAll(() => farm.close());

  it('walks from address to confirm step to a followed blog with its health and posts', async () => {
    const member = await createMember(h().ctx, { handle: 'lena_pages' });
    await enrolInCpd23(member);
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'lena_pages', password: member.password });

    const empty = await (await agent.get('/settings/blogs')).text();
    expect(empty).toContain('You have not added a blog yet.');

    const refused = await agent.post('/settings/blogs/preview', { url: `http://localhost:${farm.port}/stacks.rss` });
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('That address is on a private network, so Commonplace will not fetch it.');
    expect(refusedPage).toContain(`value="http://localhost:${farm.port}/stacks.rss"`);

    const preview = await agent.post('/settings/blogs/preview', { url: `${farm.origin}/stacks.rss` });
    expect(preview.status).toBe(200);
    const previewPage = await preview.text();
    expect(previewPage).toContain('Is this your blog?');
    expect(previewPage).toContain('Quiet Stacks');
    expect(previewPage.indexOf('Things 1 and 2, together')).toBeLessThan(previewPage.indexOf('Thing 1: why I blog'));
    expect(await h().ctx.db.kysely.selectFrom('external_blogs').select('id').execute()).toHaveLength(0);

    const confirm = await agent.post('/settings/blogs', { url: `${farm.origin}/stacks.rss` });
    expect(confirm.status).toBe(303);
    const blogPath = confirm.headers.get('location')!;
    const blogPage = await (await agent.get(blogPath)).text();
    expect(blogPage).toContain('Commonplace now follows Quiet Stacks.');
    expect(blogPage).toContain('Working: the feed answered on 2 Nov 2026.');
    expect(blogPage).toContain('Answers cpd23: Thing 1.');
    expect(blogPage).toContain('Because writing helps.');
    expect(blogPage).not.toContain('x()');
    expect(blogPage).toContain('href="https://stacks.example/1" rel="nofollow ugc noopener"');

    farm.serve('/stacks.rss', 'gone', {}, 410);
    const check = await agent.post(`${blogPath}/check`);
    expect(check.headers.get('location')).toBe(blogPath);
    const afterCheck = await (await agent.get(blogPath)).text();
    expect(afterCheck).toContain('Problem: The feed answered 410 (gone) on 2 Nov 2026.');

    await agent.post(`${blogPath}/pause`);
    expect(await (await agent.get('/settings/blogs')).text()).toContain('Paused: Commonplace is not checking this blog.');
    await agent.post(`${blogPath}/resume`);
    expect(await (await agent.get('/settings/blogs')).text()).toContain('Problem: The feed answered 410');
  });

  it('offers the inbox and assigns with one click', async () => {
    const member = await createMember(h().ctx, { handle: 'milo_inbox' });
    await enrolInCpd23(member);
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'milo_inbox', password: member.password });
    farm.serve(
      '/milo.rss',
      feed(
        '<item><guid>m1</guid><title>Thing 1 and Thing 2</title><link>https://stacks.example/m1</link><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate></item>',
      ),
    );
    await agent.post('/settings/blogs', { url: `${farm.origin}/milo.rss` });
    expect(await (await agent.get('/settings/blogs')).text()).toContain('1 post needs a Thing</a>');
    const inbox = await (await agent.get('/settings/blogs/inbox')).text();
    const action = /action="(\/settings\/blogs\/posts\/[^"]+\/assign)"/.exec(inbox)![1]!;
    const assigned = await agent.post(action, { thing: 'cpd23:2' });
    expect(assigned.status).toBe(303);
    expect(await (await agent.get('/settings/blogs/inbox')).text()).toContain('Nothing waiting');
    const other = await createMember(h().ctx, { handle: 'nat_nosy' });
    const nosy = h().agent();
    await nosy.post('/sign-in', { login: 'nat_nosy', password: other.password });
    expect((await nosy.post(action, { thing: 'cpd23:1' })).status).toBe(404);
  });
});
