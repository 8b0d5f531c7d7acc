import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { registerBlog } from '../external-blogs/blogs.service.ts';
import { useFeedFetcher } from '../external-blogs/fetcher.ts';
import { createSafeFetcher } from '../net/safe-fetch.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startFeedFarm, type FeedFarm } from '../../test/support/feed-farm.ts';
import { memberWithAgent, memberWithSession, programmeWithThings } from '../../test/support/programmes.ts';

const rss = (title: string, items: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${items}</channel></rss>`;

// Organisers register participants' external blogs in bulk, see them with their health, and
// override where a matched post was placed; none of it is open to anyone else.
describeEachDatabase('organisers and participants’ external blogs', (h) => {
  let farm: FeedFarm;
  beforeAll(async () => {
    farm = await startFeedFarm();
    useFeedFetcher(h().ctx, createSafeFetcher({ allowPrivate: ['127.0.0.1'], totalTimeoutMs: 2_000 }));
    farm.serve(
      '/ada.rss',
      rss(
        'Ada’s desk',
        `<item><guid>a1</guid><title>Thing 1: hello</title><link>${farm.origin}/ada/1</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>`,
      ),
    );
    farm.serve('/bo.rss', rss('Bo writes', ''));
    farm.serve('/', '<html><head><title>Site</title><link rel="alternate" type="application/rss+xml" href="/bo.rss"></head></html>', {
      'content-type': 'text/html',
    });
  });
  afterAll(() => farm.close());

  it('registers a CSV upload on the page, reports each failure in plain words, and lists the blogs with health', async () => {
    const { programme, organiser, enrol } = await programmeWithThings(h(), 'bulk-page', [{ number: 1, title: 'Start a blog', week: 1 }]);
    const ada = await createMember(h().ctx, { handle: 'bp_ada', displayName: 'Ada Bulk' });
    const bo = await createMember(h().ctx, { handle: 'bp_bo', displayName: 'Bo Bulk' });
    await createMember(h().ctx, { handle: 'bp_outsider' });
    await enrol(ada);
    await enrol(bo);
    const org = h().agent();
    await org.post('/sign-in', { login: organiser.handle, password: organiser.password });

    const page = await org.get(`/programmes/${programme.slug}/blogs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('0 of 2 participants have registered a blog elsewhere');

    const csv = `handle,url\n@bp_ada,${farm.origin}/ada.rss\nbp_bo,${farm.origin}/\nbp_outsider,${farm.origin}/bo.rss\nbp_ada,${farm.origin}/gone.rss\nbp_bo,http://localhost:${farm.port}/bo.rss\n`;
    const form = new FormData();
    form.set('file', new File([csv], 'blogs.csv', { type: 'text/csv' }));
    const res = await org.request(`/programmes/${programme.slug}/blogs`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Registered 2 blogs; 3 could not be registered.');
    expect(html).toContain('No participant of');
    expect(html).toContain('has the handle “bp_outsider”');
    expect(html).toContain('That address answered 404 (not found).');
    expect(html).toContain('private network');
    // The table lists both blogs with health in plain words, and the OPML link.
    expect(html).toContain('Ada’s desk');
    expect(html).toContain('Bo writes');
    expect(html).toContain('Working: the feed answered on');
    expect(html).toContain(`href="/programmes/${programme.slug}/blogs.opml"`);
    // Ada's matched post already ticks Thing 1.
    const row = await h()
      .ctx.db.kysely.selectFrom('completions')
      .select(['user_id', 'source'])
      .where('programme_id', '=', programme.id)
      .execute();
    expect(row).toEqual([{ user_id: ada.id, source: 'external' }]);

    const empty = new FormData();
    empty.set('file', new File(['nothing here'], 'blogs.csv'));
    const bad = await org.request(`/programmes/${programme.slug}/blogs`, { method: 'POST', body: empty });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('That file has no lines of the form handle,address.');

    // Participants and strangers are kept out.
    const { agent: participant } = await memberWithSession(h(), { handle: 'bp_member' });
    expect((await participant.get(`/programmes/${programme.slug}/blogs`)).status).toBe(403);
    expect((await participant.request(`/programmes/${programme.slug}/blogs`, { method: 'POST', body: form })).status).toBe(403);
    expect((await h().agent().get(`/programmes/${programme.slug}/blogs`)).status).toBe(303);
  });

  it('offers the same through the API, within limits and a rate limit', async () => {
    const { programme, organiser, enrol } = await programmeWithThings(h(), 'bulk-api', [{ number: 1, title: 'Start a blog', week: 1 }]);
    const cy = await createMember(h().ctx, { handle: 'ba_cy', displayName: 'Cy Api' });
    await enrol(cy);
    const org = h().agent();
    org.token = (await (await org.api('POST', '/tokens', { login: organiser.handle, password: organiser.password })).json()).token;

    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="ba_cy" xmlUrl="${farm.origin}/bo.rss"/></body></opml>`;
    const res = await org.api('POST', `/programmes/${programme.slug}/blogs`, { content: opml });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      registered: [{ handle: 'ba_cy', feedUrl: `${farm.origin}/bo.rss`, title: 'Bo writes' }],
      failed: [],
    });
    const list = await (await org.api('GET', `/programmes/${programme.slug}/blogs`)).json();
    expect(list.items.map((b: { handle: string; title: string; lastError: string | null }) => [b.handle, b.title, b.lastError])).toEqual([
      ['ba_cy', 'Bo writes', null],
    ]);

    const tooMany = Array.from({ length: 201 }, (_, i) => `someone${i},https://example.org/${i}`).join('\n');
    const refused = await org.api('POST', `/programmes/${programme.slug}/blogs`, { format: 'csv', content: tooMany });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toBe('That file lists 201 blogs; at most 200 go in one upload.');
    const huge = await org.api('POST', `/programmes/${programme.slug}/blogs`, { format: 'csv', content: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);

    // 10 uploads an hour per organiser (one is spent above; refusals before reading rows are free).
    for (let i = 0; i < 9; i += 1)
      expect((await org.api('POST', `/programmes/${programme.slug}/blogs`, { content: 'nobody_at_all,https://example.org/' })).status).toBe(
        200,
      );
    const limited = await org.api('POST', `/programmes/${programme.slug}/blogs`, { content: 'nobody_at_all,https://example.org/' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();

    const { agent: member } = await memberWithAgent(h(), { handle: 'ba_member' });
    expect((await member.api('GET', `/programmes/${programme.slug}/blogs`)).status).toBe(403);
    expect((await member.api('POST', `/programmes/${programme.slug}/blogs`, { content: opml })).status).toBe(403);
  });

  it('lets an organiser move a matched external post to another Thing or unassign it, as the member could', async () => {
    const { programme, organiser, enrol } = await programmeWithThings(h(), 'override', [
      { number: 1, title: 'Start a blog', week: 1 },
      { number: 2, title: 'Online networks', week: 1 },
    ]);
    const dee = await createMember(h().ctx, { handle: 'ov_dee', displayName: 'Dee Override' });
    await enrol(dee);
    farm.serve(
      '/dee.rss',
      rss(
        'Dee’s notes',
        `<item><guid>d1</guid><title>Thing 1: networks, really</title><link>${farm.origin}/dee/1</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><description>About networks.</description></item>`,
      ),
    );
    await registerBlog(h().ctx, dee.id, `${farm.origin}/dee.rss`);
    const post = await h()
      .ctx.db.kysely.selectFrom('external_posts')
      .select(['id', 'thing_number'])
      .where('user_id', '=', dee.id)
      .executeTakeFirstOrThrow();
    expect(post.thing_number).toBe(1);

    const org = h().agent();
    await org.post('/sign-in', { login: organiser.handle, password: organiser.password });
    const thing1 = await (await org.get(`/programmes/${programme.slug}/things/1`)).text();
    expect(thing1).toContain(`action="/programmes/${programme.slug}/external-posts/${post.id}/thing"`);
    expect(thing1).toContain('Read on their blog');
    expect(thing1).toContain(`href="${farm.origin}/dee/1"`);

    const moved = await org.post(`/programmes/${programme.slug}/external-posts/${post.id}/thing`, { thing: '2', from: '1' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/programmes/${programme.slug}/things/1`);
    const done = () =>
      h()
        .ctx.db.kysely.selectFrom('completions')
        .innerJoin('things', 'things.id', 'completions.thing_id')
        .select('things.number')
        .where('completions.user_id', '=', dee.id)
        .execute();
    expect(await done()).toEqual([{ number: 2 }]);
    expect(await (await org.get(`/programmes/${programme.slug}/things/2`)).text()).toContain('Thing 1: networks, really');
    expect(
      await h()
        .ctx.db.kysely.selectFrom('external_posts')
        .select(['match_status', 'match_rule'])
        .where('id', '=', post.id)
        .executeTakeFirst(),
    ).toEqual({
      match_status: 'assigned',
      match_rule: 'organiser',
    });

    // Through the API: unassign; the post then waits in Dee's inbox, and a second unassign finds nothing here.
    org.token = (await (await org.api('POST', '/tokens', { login: organiser.handle, password: organiser.password })).json()).token;
    const unassigned = await org.api('PUT', `/programmes/${programme.slug}/external-posts/${post.id}/thing`, { number: null });
    expect(unassigned.status).toBe(200);
    expect((await unassigned.json()).thing).toBeNull();
    expect(await done()).toEqual([]);
    expect((await org.api('PUT', `/programmes/${programme.slug}/external-posts/${post.id}/thing`, { number: 1 })).status).toBe(404);

    const { agent: member } = await memberWithAgent(h(), { handle: 'ov_member' });
    expect((await member.api('PUT', `/programmes/${programme.slug}/external-posts/${post.id}/thing`, { number: 1 })).status).toBe(403);
    const inbox = await h()
      .ctx.db.kysely.selectFrom('external_posts')
      .select('match_status')
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(inbox.match_status).toBe('unassigned');
  });

  it('refuses to move a post to a Thing that does not exist, in plain words', async () => {
    const { programme, organiser, enrol } = await programmeWithThings(h(), 'override-bad', [{ number: 1, title: 'Start a blog', week: 1 }]);
    const eve = await createMember(h().ctx, { handle: 'ob_eve' });
    await enrol(eve);
    farm.serve(
      '/eve.rss',
      rss(
        'Eve',
        `<item><guid>e1</guid><title>Thing 1 done</title><link>${farm.origin}/eve/1</link><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>`,
      ),
    );
    await registerBlog(h().ctx, eve.id, `${farm.origin}/eve.rss`);
    const post = await h().ctx.db.kysely.selectFrom('external_posts').select('id').where('user_id', '=', eve.id).executeTakeFirstOrThrow();
    const org = h().agent();
    org.token = (await (await org.api('POST', '/tokens', { login: organiser.handle, password: organiser.password })).json()).token;
    const res = await org.api('PUT', `/programmes/${programme.slug}/external-posts/${post.id}/thing`, { number: 7 });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toBe('There is no published Thing 7 in this programme.');
  });
});
