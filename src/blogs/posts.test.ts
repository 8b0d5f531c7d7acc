import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { PostEvent } from '../events.ts';
import { createMember, createTestProgramme } from '../dev-data/factories.ts';
import { enrol } from '../programmes/programmes.service.ts';
import { describeEachDatabase, type Harness } from '../../test/support/harness.ts';
import { publishDuePosts } from './posts.service.ts';

async function signedIn(h: Harness, handle: string, roles: Array<'moderator'> = []) {
  const member = await createMember(h.ctx, { handle, roles });
  const agent = h.agent();
  const res = await agent.api('POST', '/tokens', { login: handle, password: member.password });
  agent.token = (await res.json()).token;
  return { member, agent };
}

describeEachDatabase('blog posts', (h) => {
  const events: Array<{ name: string; payload: unknown }> = [];
  it('records the events it emits (the programmes capability listens too)', () => {
    h().ctx.events.on('post.checking', (p: PostEvent) => void events.push({ name: 'checking', payload: p }));
    h().ctx.events.on('post.published', (p) => void events.push({ name: 'published', payload: p }));
    h().ctx.events.on('post.withdrawn', (p) => void events.push({ name: 'withdrawn', payload: p }));
  });

  it('writes Markdown, publishes it, and serves it sanitised at its address', async () => {
    const { agent } = await signedIn(h(), 'ada_writes');
    const res = await agent.api('POST', '/posts', {
      title: 'Thing 1: Blogging',
      body: 'Hello **world** <script>alert(1)</script> [x](javascript:alert(1)) and [a link](https://example.org)',
      tags: ['Reflection', 'Thing 1'],
      visibility: 'public',
      status: 'published',
    });
    expect(res.status).toBe(201);
    const { id, url } = await res.json();
    expect(url).toBe('http://localhost:3000/@ada_writes/thing-1-blogging');
    const post = await (await h().agent().api('GET', `/posts/${id}`)).json();
    expect(post).toMatchObject({
      id,
      title: 'Thing 1: Blogging',
      tags: ['reflection', 'thing-1'],
      visibility: 'public',
      status: 'published',
      author: { handle: 'ada_writes' },
      publishedAt: '2026-11-02T09:00:00.000Z',
    });
    expect(post.html).toContain('<strong>world</strong>');
    expect(post.html).not.toMatch(/<script|href="javascript:/i);
    expect(post.html).toContain('rel="nofollow ugc noopener"');
    const page = await h().agent().get('/@ada_writes/thing-1-blogging');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<strong>world</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('type="application/atom+xml"');
    expect(events.filter((e) => e.name === 'published').map((e) => (e.payload as PostEvent).postId)).toContain(id);
  });

  it('honours visibility in every read: post, list, page, feed and search', async () => {
    const { agent: author } = await signedIn(h(), 'vis_author');
    const { agent: other } = await signedIn(h(), 'vis_reader');
    const anon = h().agent();
    const ids: Record<string, string> = {};
    for (const visibility of ['public', 'members', 'connections', 'private'] as const) {
      const res = await author.api('POST', '/posts', {
        title: `Lighthouse ${visibility}`,
        body: `Lighthouse keepers ${visibility}`,
        visibility,
        status: 'published',
      });
      ids[visibility] = (await res.json()).id;
    }
    ids.draft = (await (await author.api('POST', '/posts', { title: 'Lighthouse draft', body: 'Lighthouse keepers draft' })).json()).id;

    const canRead = async (agent: ReturnType<Harness['agent']>) => {
      const seen: string[] = [];
      for (const [name, id] of Object.entries(ids)) if ((await agent.api('GET', `/posts/${id}`)).status === 200) seen.push(name);
      return seen.sort();
    };
    expect(await canRead(anon)).toEqual(['public']);
    // Nobody is connected until the network capability provides connections (src/relations.ts).
    expect(await canRead(other)).toEqual(['members', 'public']);
    expect(await canRead(author)).toEqual(['connections', 'draft', 'members', 'private', 'public']);
    expect((await anon.api('GET', `/posts/${ids.private}`)).status).toBe(404);

    const titles = async (agent: ReturnType<Harness['agent']>) =>
      ((await (await agent.api('GET', '/members/vis_author/posts')).json()).items as Array<{ title: string }>).map((p) => p.title).sort();
    expect(await titles(anon)).toEqual(['Lighthouse public']);
    expect(await titles(other)).toEqual(['Lighthouse members', 'Lighthouse public']);
    expect(await titles(author)).toHaveLength(4);

    const blog = await (await anon.get('/@vis_author')).text();
    expect(blog).toContain('Lighthouse public');
    expect(blog).not.toContain('Lighthouse members');
    expect((await anon.get('/@vis_author/lighthouse-private')).status).toBe(404);
    expect((await other.get('/@vis_author/lighthouse-private')).status).toBe(404);
    expect((await other.get('/@vis_author/lighthouse-members')).status).toBe(200);
    expect((await other.get('/@vis_author/lighthouse-draft')).status).toBe(404);

    const feed = await (await other.get('/@vis_author/feed.atom')).text();
    expect(feed).toContain('Lighthouse public');
    expect(feed).not.toContain('Lighthouse members');

    const search = async (agent: ReturnType<Harness['agent']>) =>
      ((await (await agent.api('GET', '/search?q=lighthouse')).json()).items as Array<{ title: string }>).map((p) => p.title).sort();
    expect(await search(anon)).toEqual(['Lighthouse public']);
    expect(await search(other)).toEqual(['Lighthouse members', 'Lighthouse public']);
    expect(await search(author)).toEqual(['Lighthouse connections', 'Lighthouse members', 'Lighthouse private', 'Lighthouse public']);
    const hit = (await (await anon.api('GET', '/search?q=keepers')).json()).items[0];
    expect(hit.snippet).toContain('<mark>');
    expect(hit.url).toBe('http://localhost:3000/@vis_author/lighthouse-public');
    const stream = await (await other.get('/posts')).text();
    expect(stream).toContain('Lighthouse public');
    expect(stream).not.toContain('Lighthouse members');
  });

  it('ranks title matches first and never lets query syntax through', async () => {
    const { agent } = await signedIn(h(), 'rank_author');
    await agent.api('POST', '/posts', { title: 'Notes on cataloguing', body: 'A long day at the desk.', status: 'published' });
    await agent.api('POST', '/posts', { title: 'A day out', body: 'We talked about cataloguing once, briefly.', status: 'published' });
    const items = (await (await agent.api('GET', '/search?q=cataloguing')).json()).items;
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Notes on cataloguing', 'A day out']);
    for (const q of ['"unbalanced', 'NEAR(', 'a OR', '*', '-', "'; drop table posts; --"]) {
      expect((await agent.api('GET', `/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it('lists the newest matches first once more than a thousand posts match, ranking fewer', async () => {
    const { member, agent } = await signedIn(h(), 'many_author');
    await agent.api('POST', '/posts', { title: 'Quillwort', body: 'The oldest, with the word in its title.', status: 'published' });
    const titles = async () =>
      ((await (await agent.api('GET', '/search?q=quillwort')).json()).items as Array<{ title: string }>).map((i) => i.title);
    expect((await titles())[0]).toBe('Quillwort');
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const at = new Date(Date.parse('2026-11-02T10:00:00.000Z') + i * 60_000).toISOString();
      return {
        id: `many-${String(i).padStart(4, '0')}`,
        author_id: member.id,
        slug: `many-${i}`,
        title: `Field notes ${i}`,
        body: 'A quillwort by the pond.',
        body_format: 'markdown' as const,
        html: '<p>A quillwort by the pond.</p>',
        body_text: 'A quillwort by the pond.',
        status: 'published' as const,
        visibility: 'public' as const,
        comments: 'default' as const,
        thing_programme: null,
        thing_number: null,
        source: 'local' as const,
        source_key: null,
        published_at: at,
        edited_at: null,
        created_at: at,
        updated_at: at,
        cover_media_id: null,
      };
    });
    for (let i = 0; i < rows.length; i += 100)
      await h()
        .ctx.db.kysely.insertInto('posts')
        .values(rows.slice(i, i + 100))
        .execute();
    // PostgreSQL decides by its statistics, which autovacuum keeps; here they are gathered at once.
    if (h().dialect === 'postgres') await sql`analyze posts`.execute(h().ctx.db.kysely);
    const newestFirst = await titles();
    expect(newestFirst).toHaveLength(20);
    expect(newestFirst.slice(0, 3)).toEqual(['Field notes 999', 'Field notes 998', 'Field notes 997']);
  });

  it('shows "updated" after an edit, and withdraws a post set back to draft or deleted', async () => {
    const { agent } = await signedIn(h(), 'edit_author');
    const { id } = await (await agent.api('POST', '/posts', { title: 'First go', body: 'One', status: 'published' })).json();
    h().clock.advance(3_600_000);
    const patched = await agent.api('PATCH', `/posts/${id}`, { body: 'One, revised' });
    expect(patched.status).toBe(200);
    const after = await patched.json();
    expect(after.updatedAt).toBe('2026-11-02T10:00:00.000Z');
    expect(after.publishedAt).toBe('2026-11-02T09:00:00.000Z');
    expect(await (await h().agent().get('/@edit_author/first-go')).text()).toContain('updated');

    const other = (await signedIn(h(), 'edit_intruder')).agent;
    expect((await other.api('PATCH', `/posts/${id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await other.api('DELETE', `/posts/${id}`)).status).toBe(403);

    events.length = 0;
    await agent.api('PATCH', `/posts/${id}`, { status: 'draft' });
    expect(events.map((e) => e.name)).toEqual(['withdrawn']);
    expect((await h().agent().api('GET', `/posts/${id}`)).status).toBe(404);
    await agent.api('PATCH', `/posts/${id}`, { status: 'published' });
    expect(events.map((e) => e.name)).toEqual(['withdrawn', 'published']);
    events.length = 0;
    expect((await agent.api('DELETE', `/posts/${id}`)).status).toBe(204);
    expect(events).toEqual([{ name: 'withdrawn', payload: { postId: id, authorId: expect.any(String) } }]);
    expect((await agent.api('GET', `/posts/${id}`)).status).toBe(404);
  });

  it('asks before linking a Thing and passes a refusal on as 422, saving nothing', async () => {
    const { agent, member } = await signedIn(h(), 'thing_author');
    const organiser = await createMember(h().ctx, { handle: 'thing_organiser', roles: ['organiser'] });
    await createTestProgramme(h().ctx, organiser, { slug: 'closed-programme' });
    const open = await createTestProgramme(h().ctx, organiser, { slug: 'open-programme' });
    await enrol(h().ctx, member, open);
    events.length = 0;
    const refused = await agent.api('POST', '/posts', {
      title: 'For a closed one',
      body: 'x',
      status: 'published',
      thing: { programme: 'closed-programme', number: 3 },
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toMatch(/^You are not enrolled in “Programme \d+”/);
    // The programmes capability refused before this test's listener heard of it; nothing was saved.
    expect(events.map((e) => e.name)).toEqual([]);
    expect((await (await agent.api('GET', '/members/thing_author/posts')).json()).items).toHaveLength(0);

    events.length = 0;
    const ok = await agent.api('POST', '/posts', {
      title: 'Thing 3',
      body: 'Done',
      status: 'published',
      thing: { programme: 'open-programme', number: 3 },
      tags: ['Thing3'],
    });
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    expect(events.map((e) => e.name)).toEqual(['checking', 'published']);
    expect(events[1]!.payload).toMatchObject({
      postId: id,
      thing: { programme: 'open-programme', number: 3 },
      source: 'local',
      tags: ['thing3'],
      visibility: 'public',
    });

    events.length = 0;
    await agent.api('PATCH', `/posts/${id}`, { thing: null });
    expect(events.map((e) => e.name)).toEqual(['withdrawn', 'published']);
    events.length = 0;
    const relink = await agent.api('PATCH', `/posts/${id}`, { thing: { programme: 'closed-programme', number: 1 } });
    expect(relink.status).toBe(422);
    expect((await (await agent.api('GET', `/posts/${id}`)).json()).thing).toBeNull();
  });

  it('schedules a post and publishes it when its time comes', async () => {
    const { agent } = await signedIn(h(), 'sched_author');
    const at = new Date(h().clock.now().getTime() + 2 * 3_600_000).toISOString();
    const { id } = await (await agent.api('POST', '/posts', { title: 'Later', body: 'Soon', status: 'published', publishAt: at })).json();
    expect((await (await agent.api('GET', `/posts/${id}`)).json()).status).toBe('scheduled');
    expect((await h().agent().api('GET', `/posts/${id}`)).status).toBe(404);
    expect(await publishDuePosts(h().ctx)).toBe(0);
    h().clock.advance(2 * 3_600_000);
    events.length = 0;
    expect(await publishDuePosts(h().ctx)).toBe(1);
    expect(events.map((e) => e.name)).toEqual(['published']);
    const post = await (await h().agent().api('GET', `/posts/${id}`)).json();
    expect(post).toMatchObject({ status: 'published', publishedAt: at });
  });

  it('says what is wrong with each field', async () => {
    const { agent } = await signedIn(h(), 'bad_input_author');
    const res = await agent.api('POST', '/posts', { title: '', body: 'x', visibility: 'everyone', status: 'published' });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(['title', 'visibility']);
    expect((await h().agent().api('POST', '/posts', { title: 'x', body: 'y' })).status).toBe(401);
  });

  it('writes through the pages: preview keeps what was typed and saves nothing; publish redirects to the post', async () => {
    const member = await createMember(h().ctx, { handle: 'page_writer' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'page_writer', password: member.password });
    const form = {
      title: 'A page-written post',
      body: 'Some _emphasis_ here',
      tags: 'one, Two',
      visibility: 'members',
      comments: 'default',
      thingProgramme: '',
      thingNumber: '',
      publishAt: '',
    };
    const preview = await agent.post('/write', { ...form, action: 'preview' });
    expect(preview.status).toBe(200);
    const text = await preview.text();
    expect(text).toContain('<em>emphasis</em>');
    expect(text).toContain('value="A page-written post"');
    expect(await (await agent.get('/@page_writer')).text()).not.toContain('A page-written post');
    const bad = await agent.post('/write', { ...form, title: '', action: 'publish' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Give the post a title.');
    const published = await agent.post('/write', { ...form, action: 'publish' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe('/@page_writer/a-page-written-post');
    const edit = await agent.post('/@page_writer/a-page-written-post/edit', { ...form, body: 'Changed words', action: 'publish' });
    expect(edit.status).toBe(303);
    expect(await (await agent.get('/@page_writer/a-page-written-post')).text()).toContain('Changed words');
    const del = await agent.post('/@page_writer/a-page-written-post/delete');
    expect(del.status).toBe(303);
    expect((await agent.get('/@page_writer/a-page-written-post')).status).toBe(404);
    expect((await h().agent().get('/@nobody_here')).status).toBe(404);
  });
});
