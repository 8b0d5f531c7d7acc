import path from 'node:path';
import { expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { PostEvent } from '../../events.ts';
import { createMember } from '../../dev-data/factories.ts';
import { describeEachDatabase } from '../../../test/support/harness.ts';
import { importBlog, readExport, readExportFile } from './import.service.ts';

const fixture = (name: string) => path.join(import.meta.dirname, '../../../test/fixtures', name);

async function* chunksOf(text: string) {
  yield text;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describeEachDatabase('importing a blog', (h) => {
  const published: PostEvent[] = [];
  it('listens for announcements', () => {
    h().ctx.events.on('post.published', (p) => void published.push(p));
  });

  it('imports a classic Blogger export with threaded comments, once', async () => {
    const member = await createMember(h().ctx, { handle: 'rosa_imports' });
    const blog = await readExportFile(fixture('blogger-classic.xml'));
    expect(blog.format).toBe('blogger');
    const summary = await importBlog(h().ctx, member, blog);
    expect(summary).toMatchObject({ posts: 3, drafts: 1, pages: 1, comments: 3, alreadyThere: 0, skipped: 2 });

    const posts = await h()
      .ctx.db.kysely.selectFrom('posts')
      .selectAll()
      .where('author_id', '=', member.id)
      .orderBy('published_at')
      .execute();
    const first = posts.find((p) => p.title === 'Starting out: why I am blogging again')!;
    expect(first).toMatchObject({ slug: 'starting-out', status: 'published', source: 'import', published_at: '2011-06-06T19:15:00.000Z' });
    expect(first.html).toContain('<img src="http://photos.example.org/desk.jpg" alt="My desk" />');
    expect(first.html).not.toMatch(/onerror|<script|steal/);
    expect(posts.find((p) => p.title === 'Half-written thoughts on chartership')).toMatchObject({ status: 'draft', published_at: null });
    const tags = await h().ctx.db.kysely.selectFrom('post_tags').select('tag').where('post_id', '=', first.id).orderBy('tag').execute();
    expect(tags.map((t) => t.tag)).toEqual(['reflection', 'thing-1']);

    const agent = h().agent();
    const comments = (await (await agent.api('GET', `/posts/${first.id}/comments`)).json()).items;
    expect(
      comments.map((c: { author: { name: string; handle: string | null }; parentId: string | null }) => [
        c.author.name,
        c.author.handle,
        c.parentId ? 'reply' : 'top',
      ]),
    ).toEqual([
      ['Ben Ito', null, 'top'],
      ['Rosa Hartley', null, 'reply'],
      ['Anonymous', null, 'top'],
    ]);
    expect(comments[1].parentId).toBe(comments[0].id);
    expect(comments[1].html).toBe('Thanks Ben <b>so much</b>');
    expect(comments[0].author.url).toBe('http://ben.example.org/');

    // Imported posts are announced only as imports, so nobody is notified.
    expect(published.filter((p) => p.authorId === member.id).every((p) => p.source === 'import')).toBe(true);
    expect(await h().ctx.db.kysely.selectFrom('notifications').select('id').execute()).toHaveLength(0);

    const again = await importBlog(h().ctx, member, await readExportFile(fixture('blogger-classic.xml')));
    expect(again).toMatchObject({ posts: 0, drafts: 0, comments: 0, alreadyThere: 7 });
    expect(await h().ctx.db.kysely.selectFrom('posts').select('id').where('author_id', '=', member.id).execute()).toHaveLength(4);
    expect(
      await h()
        .ctx.db.kysely.selectFrom('comments')
        .select('id')
        .where('subject_type', '=', 'post')
        .where('subject_id', '=', first.id)
        .execute(),
    ).toHaveLength(3);
  });

  it('imports a Blogger Takeout feed.atom', async () => {
    const member = await createMember(h().ctx, { handle: 'ivo_imports' });
    const blog = await readExportFile(fixture('blogger-takeout.atom'));
    expect(blog.format).toBe('blogger-takeout');
    expect(await importBlog(h().ctx, member, blog)).toMatchObject({ posts: 1, drafts: 1, comments: 2, skipped: 1 });
    const post = await h()
      .ctx.db.kysely.selectFrom('posts')
      .selectAll()
      .where('author_id', '=', member.id)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(post).toMatchObject({ slug: 'weeding-reference', published_at: '2019-03-04T08:30:00.000Z' });
    const comments = (await (await h().agent().api('GET', `/posts/${post.id}/comments`)).json()).items;
    expect(comments).toHaveLength(2);
    expect(comments[1].parentId).toBe(comments[0].id);
  });

  it('imports a WordPress WXR 1.2 file: posts, pages, drafts, private posts, tags and threaded comments', async () => {
    const member = await createMember(h().ctx, { handle: 'june_imports' });
    const blog = await readExportFile(fixture('wordpress-1.2.xml'));
    expect(blog.format).toBe('wordpress');
    expect(blog.title).toBe('Marginalia');
    const summary = await importBlog(h().ctx, member, blog);
    expect(summary).toMatchObject({ posts: 3, drafts: 1, pages: 1, comments: 3, skipped: 2 });
    const rows = await h().ctx.db.kysely.selectFrom('posts').selectAll().where('author_id', '=', member.id).execute();
    const thing6 = rows.find((p) => p.slug === 'thing-6-online-networks')!;
    expect(thing6).toMatchObject({
      status: 'published',
      visibility: 'public',
      published_at: '2011-07-12T19:40:00.000Z',
      updated_at: '2011-07-13T08:00:00.000Z',
    });
    expect(thing6.html).toContain('<p>I have kept away from the big social sites for years.</p>');
    expect(thing6.html).toContain('src="https://marginalia.example.org/wp-content/uploads/2011/07/network.png"');
    expect(thing6.html).not.toContain('javascript');
    expect(rows.find((p) => p.title === 'A note only for me')).toMatchObject({ status: 'published', visibility: 'private' });
    expect(rows.find((p) => p.title === 'Things I would tell a new starter')).toMatchObject({
      status: 'draft',
      slug: 'things-i-would-tell-a-new-starter',
    });
    const tags = await h().ctx.db.kysely.selectFrom('post_tags').select('tag').where('post_id', '=', thing6.id).orderBy('tag').execute();
    expect(tags.map((t) => t.tag)).toEqual(['cpd', 'linkedin', 'privacy']);
    const comments = (await (await h().agent().api('GET', `/posts/${thing6.id}/comments`)).json()).items;
    expect(comments.map((c: { author: { name: string } }) => c.author.name)).toEqual(['Theo', 'june', 'Theo']);
    expect(comments[1].parentId).toBe(comments[0].id);
    expect(comments[2].parentId).toBe(comments[1].id);
    expect(comments[2].html).toBe('<p>Ha, a <em>good</em> photo is overrated.</p>');
    // The private post stays private once imported.
    expect((await h().agent().get(`/@june_imports/a-note-only-for-me`)).status).toBe(404);
    expect(await importBlog(h().ctx, member, await readExportFile(fixture('wordpress-1.2.xml')))).toMatchObject({
      posts: 0,
      comments: 0,
      alreadyThere: 7,
    });
  });

  it('reads a WXR 1.0 file in windows-1252 with undeclared prefixes and HTML entities', async () => {
    const member = await createMember(h().ctx, { handle: 'amel_imports' });
    const blog = await readExportFile(fixture('wordpress-1.0-cp1252.xml'));
    expect(blog.title).toBe('Café Cataloguer');
    await importBlog(h().ctx, member, blog);
    const post = await h().ctx.db.kysely.selectFrom('posts').selectAll().where('author_id', '=', member.id).executeTakeFirstOrThrow();
    expect(post.title).toBe('Crème brûlée and ‘smart quotes’');
    expect(post.html).toBe('<p>Naïve notes — from the café.</p>');
    expect(post.published_at).toBe('2008-02-03T04:05:06.000Z');
    const tags = await h().ctx.db.kysely.selectFrom('post_tags').select('tag').where('post_id', '=', post.id).execute();
    expect(tags.map((t) => t.tag)).toEqual(['food']);
  });

  it('refuses a malformed file with the line and column, and keeps nothing of it', async () => {
    const member = await createMember(h().ctx, { handle: 'broken_imports' });
    const error = await failure(readExportFile(fixture('malformed-export.xml')).then((b) => importBlog(h().ctx, member, b)));
    expect(error.code).toBe('unprocessable');
    expect(error.message).toMatch(/not well-formed XML: line 13, column \d+/);
    expect(await h().ctx.db.kysely.selectFrom('posts').select('id').where('author_id', '=', member.id).execute()).toHaveLength(0);
  });

  it('names what a file is when it is not an export', async () => {
    expect((await failure(readExportFile(fixture('plain-rss.xml')))).message).toMatch(/RSS feed, not a WordPress export/);
    expect((await failure(readExport(chunksOf('<html><body>hi</body></html>'), 'page.html'))).message).toMatch(/starts with <html>/);
    expect(
      (
        await failure(
          readExport(
            chunksOf('<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><entry><id>urn:y</id><title>t</title></entry></feed>'),
            'a.atom',
          ),
        )
      ).message,
    ).toMatch(/not a Blogger export/);
    expect((await failure(readExport(chunksOf(''), 'empty.xml'))).message).toMatch(/empty|well-formed/);
    expect((await failure(readExportFile(fixture('no-such-file.xml')))).code).toBe('not_found');
  });

  it('imports an uploaded file from the page, and explains a bad one', async () => {
    const member = await createMember(h().ctx, { handle: 'upload_imports' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'upload_imports', password: member.password });
    const upload = async (name: string) => {
      const form = new FormData();
      form.set('file', new File([await import('node:fs').then((fs) => fs.readFileSync(fixture(name)))], name, { type: 'application/xml' }));
      return agent.request('/blog/import', { method: 'POST', body: form });
    };
    const ok = await upload('blogger-takeout.atom');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/@upload_imports');
    expect(await (await agent.get('/@upload_imports')).text()).toContain('Weeding the reference shelves');
    const bad = await upload('plain-rss.xml');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('not a WordPress export');
  });

  it('rolls back the whole file when saving fails half-way', async () => {
    const member = await createMember(h().ctx, { handle: 'rollback_imports' });
    const blog = await readExportFile(fixture('wordpress-1.2.xml'));
    // The same source key twice breaks the unique index after several rows went in.
    const broken = { ...blog, posts: [...blog.posts, { ...blog.posts[0]!, slugHint: 'another' }] };
    await expect(importBlog(h().ctx, member, broken)).rejects.toThrow();
    expect(await h().ctx.db.kysely.selectFrom('posts').select('id').where('author_id', '=', member.id).execute()).toHaveLength(0);
  });
});
