import { expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { createBlogPost, createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

describeEachDatabase('page cache for anonymous readers', (h) => {
  it('shows an anonymous reader an edit at once, with a new ETag, and answers 304 while nothing changed', async () => {
    const author = await createMember(h().ctx, { handle: 'cache_author' });
    const post = await createBlogPost(h().ctx, author, { title: 'First title', body: 'Words.' });
    const reader = h().agent();
    const first = await reader.get(`/@cache_author/${post.slug}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('First title');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await reader.get(`/@cache_author/${post.slug}`, { 'if-none-match': etag })).status).toBe(304);

    const writer = h().agent();
    await writer.signIn(author.handle, author.password);
    expect((await writer.api('PATCH', `/posts/${post.id}`, { title: 'Second title' })).status).toBe(200);

    const after = await reader.get(`/@cache_author/${post.slug}`, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Second title');
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('never gives a signed-in reader the anonymous page, nor an anonymous reader hers', async () => {
    const author = await createMember(h().ctx, { handle: 'cache_private' });
    const post = await createBlogPost(h().ctx, author, { title: 'Members only words', body: 'Inside.', visibility: 'members' });
    const anonymous = h().agent();
    expect((await anonymous.get(`/@cache_private/${post.slug}`)).status).toBe(404);
    const member = h().agent();
    const reader = await createMember(h().ctx, { handle: 'cache_reader' });
    await member.signIn(reader.handle, reader.password);
    const seen = await member.get(`/@cache_private/${post.slug}`);
    expect(seen.status).toBe(200);
    expect(await seen.text()).toContain('Members only words');
    expect((await anonymous.get(`/@cache_private/${post.slug}`)).status).toBe(404);
    const home = await member.get('/@cache_private');
    expect(await home.text()).toContain('Members only words');
    expect(await (await anonymous.get('/@cache_private')).text()).not.toContain('Members only words');
  });

  it('renders a page once for anonymous readers who ask for it at the same time', async () => {
    const author = await createMember(h().ctx, { handle: 'cache_crowd' });
    const post = await createBlogPost(h().ctx, author, { title: 'Busy page', body: 'Words.' });
    const answers = await Promise.all([1, 2, 3, 4].map(() => h().agent().get(`/@cache_crowd/${post.slug}`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((r) => r.headers.get('x-cache')).sort()).toEqual(['hit', 'hit', 'hit', 'miss']);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const body of bodies) expect(body).toContain('Busy page');
  });

  it('shows a change made by another process within its few seconds', async () => {
    const author = await createMember(h().ctx, { handle: 'cache_elsewhere' });
    const post = await createBlogPost(h().ctx, author, { title: 'Before elsewhere', body: 'Words.' });
    const reader = h().agent();
    expect(await (await reader.get(`/@cache_elsewhere/${post.slug}`)).text()).toContain('Before elsewhere');
    // A second connection stands for another process: its writes do not move this process's count.
    const elsewhere = h().dialect === 'sqlite' ? openDatabase(`sqlite:${h().ctx.db.sqliteFile}`) : undefined;
    const kysely = elsewhere?.kysely ?? h().ctx.db.kysely.withoutPlugins();
    await kysely.updateTable('posts').set({ title: 'After elsewhere' }).where('id', '=', post.id).execute();
    await elsewhere?.close();
    expect(await (await reader.get(`/@cache_elsewhere/${post.slug}`)).text()).toContain('Before elsewhere');
    h().clock.advance(3_000);
    expect(await (await reader.get(`/@cache_elsewhere/${post.slug}`)).text()).toContain('After elsewhere');
  });
});

describeEachDatabase(
  'page cache turned off',
  (h) => {
    it('renders every anonymous request afresh when PAGE_CACHE_SECONDS is 0', async () => {
      const author = await createMember(h().ctx, { handle: 'nocache_author' });
      const post = await createBlogPost(h().ctx, author, { title: 'Old words', body: 'Words.' });
      const reader = h().agent();
      expect(await (await reader.get(`/@nocache_author/${post.slug}`)).text()).toContain('Old words');
      await h().ctx.db.kysely.withoutPlugins().updateTable('posts').set({ title: 'New words' }).where('id', '=', post.id).execute();
      expect(await (await reader.get(`/@nocache_author/${post.slug}`)).text()).toContain('New words');
    });
  },
  { env: { PAGE_CACHE_SECONDS: '0' } },
);
