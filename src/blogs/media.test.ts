import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase, type Harness } from '../../test/support/harness.ts';
import type { Agent } from '../../test/support/agent.ts';

async function signedIn(h: Harness, handle: string) {
  const member = await createMember(h.ctx, { handle });
  const agent = h.agent();
  const res = await agent.api('POST', '/tokens', { login: handle, password: member.password });
  agent.token = (await res.json()).token;
  return { member, agent };
}

/** A JPEG carrying EXIF with a GPS position and a copyright line, as a phone would. */
function photoWithGps(width = 2400, height = 1600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Ada at home', Make: 'PhoneCo' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer();
}

function upload(agent: Agent, bytes: Buffer | string, name = 'photo.jpg', type = 'image/jpeg', alt?: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  if (alt !== undefined) form.append('alt', alt);
  return agent.request('/api/v1/media', { method: 'POST', body: form });
}

const relative = (url: string) => url.replace('http://localhost:3000', '');

describeEachDatabase('images for posts', (h) => {
  it('resizes an upload to WebP at a few widths and strips EXIF and GPS from every stored file', async () => {
    const { member, agent } = await signedIn(h(), 'ada_pics');
    const original = await photoWithGps();
    const meta = await sharp(original).metadata();
    expect(meta.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD is really there
    const res = await upload(agent, original, 'holiday.jpg', 'image/jpeg', 'A red square');
    expect(res.status).toBe(201);
    const media = await res.json();
    expect(media).toMatchObject({ width: 960, height: 640, alt: 'A red square' });
    expect(media.url).toMatch(/^http:\/\/localhost:3000\/media\/[A-Za-z0-9_-]{22}-960\.webp$/);
    expect(media.sizes.map((s: { width: number }) => s.width)).toEqual([480, 960, 1600]);
    expect(media.markdown).toBe(`![A red square](${relative(media.url)})`);

    const dir = path.join(h().dataDir, 'uploads', 'media', member.id);
    const stored = fs.readdirSync(dir);
    expect(stored).toHaveLength(3);
    for (const name of stored) {
      expect(name).toMatch(/^[A-Za-z0-9_-]{22}-(480|960|1600)\.webp$/);
      const bytes = fs.readFileSync(path.join(dir, name));
      const m = await sharp(bytes).metadata();
      expect(m.format).toBe('webp');
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(m.iptc).toBeUndefined();
      expect(m.icc).toBeUndefined();
      const latin1 = bytes.toString('latin1');
      expect(latin1).not.toContain('Exif');
      expect(latin1).not.toContain('Ada at home');
      expect(latin1).not.toContain('PhoneCo');
    }

    for (const size of media.sizes) {
      const file = await h().agent().get(relative(size.url));
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/webp');
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).width).toBe(size.width);
    }
    // A size that was not made, and a guessed key, are not found.
    expect((await h().agent().get(relative(media.url).replace('-960.', '-961.'))).status).toBe(404);
    expect((await h().agent().get('/media/AAAAAAAAAAAAAAAAAAAAAA-960.webp')).status).toBe(404);
  });

  it('never enlarges: a small picture is kept at its own width', async () => {
    const { agent } = await signedIn(h(), 'bo_small');
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const media = await (await upload(agent, png, 'small.png', 'image/png')).json();
    expect(media).toMatchObject({ width: 300, height: 200 });
    expect(media.sizes.map((s: { width: number }) => s.width)).toEqual([300]);
    const mid = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#0a0' } })
      .jpeg()
      .toBuffer();
    const m2 = await (await upload(agent, mid)).json();
    expect(m2.sizes.map((s: { width: number }) => s.width)).toEqual([480, 960, 1200]);
  });

  it('refuses SVG, what is not an image, files over 10 MB and images over 40 megapixels, with plain messages', async () => {
    const { agent } = await signedIn(h(), 'cy_refused');
    const svg = await upload(
      agent,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      'x.svg',
      'image/svg+xml',
    );
    expect(svg.status).toBe(422);
    expect((await svg.json()).error.message).toMatch(/SVG/);
    // Even renamed and labelled as a JPEG.
    const disguised = await upload(agent, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', 'x.jpg', 'image/jpeg');
    expect(disguised.status).toBe(422);
    const text = await upload(agent, 'just some words, not a picture', 'notes.jpg');
    expect(text.status).toBe(422);
    expect((await text.json()).error).toMatchObject({ code: 'unprocessable', fields: { file: expect.stringMatching(/JPEG, PNG/) } });
    const truncated = (await photoWithGps(800, 600)).subarray(0, 400);
    expect((await upload(agent, truncated)).status).toBe(422);
    const huge = await upload(agent, Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.jpg');
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toMatch(/10 MB/);
    const wide = await sharp({ create: { width: 9000, height: 5000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const tooMany = await upload(agent, wide, 'wide.png', 'image/png');
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error.message).toMatch(/9000 × 5000 pixels.*40 megapixels/);
    const list = await (await agent.api('GET', '/me/media')).json();
    expect(list.items).toHaveLength(0);
    expect((await h().agent().request('/api/v1/media', { method: 'POST', body: new FormData() })).status).toBe(401);
  });

  it('attaches a cover only from the author’s own images, shows it on the post, in lists and in feeds', async () => {
    const { agent } = await signedIn(h(), 'di_covers');
    const { agent: other } = await signedIn(h(), 'ed_other');
    const mine = await (await upload(agent, await photoWithGps(), 'cover.jpg', 'image/jpeg', 'Harbour at dawn')).json();
    const theirs = await (await upload(other, await photoWithGps(640, 480))).json();

    const refused = await agent.api('POST', '/posts', { title: 'Borrowed', body: 'x', status: 'published', coverImage: theirs.id });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.fields).toEqual({ coverImage: 'Choose an image you uploaded.' });

    const created = await agent.api('POST', '/posts', {
      title: 'With a cover',
      body: 'Words.',
      status: 'published',
      visibility: 'public',
      coverImage: mine.id,
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const post = await (await h().agent().api('GET', `/posts/${id}`)).json();
    expect(post.coverImage).toBe(mine.id);
    expect(post.cover).toMatchObject({ url: mine.url, width: 960, height: 640, alt: 'Harbour at dawn' });
    const patched = await agent.api('PATCH', `/posts/${id}`, { coverImage: theirs.id });
    expect(patched.status).toBe(422);

    const key = relative(mine.url).slice('/media/'.length, '/media/'.length + 22);
    const page = await (await h().agent().get('/@di_covers/with-a-cover')).text();
    expect(page).toMatch(
      new RegExp(`<img class="cover" src="/media/${key}-960\\.webp" srcset="[^"]*480w[^"]*1600w"[^>]*alt="Harbour at dawn"`),
    );
    expect(await (await h().agent().get('/@di_covers')).text()).toContain(`/media/${key}-480.webp`);
    expect(await (await h().agent().get('/posts')).text()).toContain(`/media/${key}-480.webp`);

    const atom = await (await h().agent().get('/@di_covers/feed.atom')).text();
    expect(atom).toMatch(
      new RegExp(`<link rel="enclosure" href="http://localhost:3000/media/${key}-960\\.webp" type="image/webp" length="\\d+"/>`),
    );
    const rss = await (await h().agent().get('/@di_covers/feed.rss')).text();
    expect(rss).toMatch(
      new RegExp(`<enclosure length="[1-9]\\d*" type="image/webp" url="http://localhost:3000/media/${key}-960\\.webp"/>`),
    );
    const jsonFeed = await (await h().agent().get('/@di_covers/feed.json')).json();
    expect(jsonFeed.items[0].image).toBe(mine.url);
  });

  it('lets no cover leak through a post the viewer may not see', async () => {
    const { agent } = await signedIn(h(), 'fi_private');
    const img = await (await upload(agent, await photoWithGps(800, 600))).json();
    const key = relative(img.url).slice(7, 29);
    const { id } = await (
      await agent.api('POST', '/posts', {
        title: 'Secret',
        body: 'Only me.',
        status: 'published',
        visibility: 'private',
        coverImage: img.id,
      })
    ).json();
    const { agent: reader } = await signedIn(h(), 'gu_reader');
    expect((await reader.api('GET', `/posts/${id}`)).status).toBe(404);
    expect((await h().agent().api('GET', `/posts/${id}`)).status).toBe(404);
    for (const url of [
      '/@fi_private',
      '/@fi_private/secret',
      '/@fi_private/feed.atom',
      '/@fi_private/feed.json',
      '/posts',
      '/posts/feed.rss',
    ]) {
      expect(await (await reader.get(url)).text()).not.toContain(key);
    }
    expect(JSON.stringify(await (await reader.api('GET', '/members/fi_private/posts')).json())).not.toContain(key);
  });

  it('renders our own images pasted inline, relative or absolute, and gives feeds absolute addresses', async () => {
    const { agent } = await signedIn(h(), 'ha_inline');
    const img = await (await upload(agent, await photoWithGps(800, 600), 'p.jpg', 'image/jpeg', 'A chart')).json();
    const body = `Look:\n\n${img.markdown}\n\nAnd again: ![same](${img.url})`;
    const { id } = await (await agent.api('POST', '/posts', { title: 'Inline', body, status: 'published' })).json();
    const post = await (await agent.api('GET', `/posts/${id}`)).json();
    expect(post.html).toContain(`<img src="${relative(img.url)}" alt="A chart" />`);
    expect(post.html).toContain(`<img src="${img.url}" alt="same" />`);
    const feed = await (await h().agent().get('/@ha_inline/feed.json')).json();
    expect(feed.items[0].content_html).toContain(`<img src="${img.url}" alt="A chart" />`);
    expect(feed.items[0].content_html).not.toContain('src="/media/');
  });

  it('deletes a cover’s files with its post, with a replaced cover, and with the account', async () => {
    const { member, agent } = await signedIn(h(), 'io_cleans');
    const dir = path.join(h().dataDir, 'uploads', 'media', member.id);
    const a = await (await upload(agent, await photoWithGps(800, 600))).json();
    const b = await (await upload(agent, await photoWithGps(800, 600))).json();
    const { id } = await (await agent.api('POST', '/posts', { title: 'Going', body: 'x', status: 'published', coverImage: a.id })).json();
    expect(fs.readdirSync(dir)).toHaveLength(4);
    // Replacing the cover lets the old one go.
    expect((await agent.api('PATCH', `/posts/${id}`, { coverImage: b.id })).status).toBe(200);
    expect(fs.readdirSync(dir).some((n) => n.startsWith(relative(a.url).slice(7, 29)))).toBe(false);
    expect(await h().ctx.db.kysely.selectFrom('media').select('id').where('id', '=', a.id).executeTakeFirst()).toBeUndefined();
    // Deleting the post lets its cover go.
    expect((await agent.api('DELETE', `/posts/${id}`)).status).toBe(204);
    expect(fs.readdirSync(dir)).toHaveLength(0);
    expect((await h().agent().get(relative(b.url))).status).toBe(404);

    // A cover also pasted into another post's body stays while that post needs it.
    const c = await (await upload(agent, await photoWithGps(800, 600))).json();
    await agent.api('POST', '/posts', { title: 'Keeps it', body: c.markdown, status: 'published' });
    const { id: second } = await (
      await agent.api('POST', '/posts', { title: 'Cover too', body: 'y', status: 'published', coverImage: c.id })
    ).json();
    await agent.api('DELETE', `/posts/${second}`);
    expect((await h().agent().get(relative(c.url))).status).toBe(200);

    // The account goes: its rows cascade and its files are removed.
    await h().ctx.db.kysely.deleteFrom('users').where('id', '=', member.id).execute();
    await h().ctx.events.emit('account.deleted', { userId: member.id });
    expect(fs.existsSync(dir)).toBe(false);
    expect((await h().agent().get(relative(c.url))).status).toBe(404);
  });

  it('uploads from the write page without script: the Markdown to paste is shown and what was typed is kept', async () => {
    await createMember(h().ctx, { handle: 'jo_pages', password: 'a long enough passphrase' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'jo_pages', password: 'a long enough passphrase' });
    const form = new FormData();
    form.append('title', 'Half-written');
    form.append('body', 'Some words');
    form.append('imageAlt', 'Our team');
    form.append('image', new Blob([(await photoWithGps(1000, 500)) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'team.jpg');
    form.append('cover', new Blob([], { type: 'application/octet-stream' }), '');
    form.append('action', 'upload');
    const res = await agent.request('/write', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/Paste this line into the body where it should appear: !\[Our team\]\(\/media\/[A-Za-z0-9_-]{22}-960\.webp\)/);
    expect(html).toContain('value="Half-written"');
    expect(html).toContain('Some words');

    // A cover that is not an image comes back with the field named and the words kept.
    const bad = new FormData();
    bad.append('title', 'With a bad cover');
    bad.append('body', 'Kept words');
    bad.append('cover', new Blob(['not an image'], { type: 'image/png' }), 'x.png');
    bad.append('action', 'publish');
    const refused = await agent.request('/write', { method: 'POST', body: bad });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Kept words');
    expect(refusedHtml).toMatch(/id="field-cover-error"[^>]*>.*JPEG, PNG/s);

    const good = new FormData();
    good.append('title', 'Covered');
    good.append('body', 'Done.');
    good.append('coverAlt', 'Hills');
    good.append('cover', new Blob([(await photoWithGps(2000, 1000)) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'hills.jpg');
    good.append('action', 'publish');
    const published = await agent.request('/write', { method: 'POST', body: good });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe('/@jo_pages/covered');
    const page = await (await agent.get('/@jo_pages/covered')).text();
    expect(page).toMatch(/<img class="cover" src="\/media\/[A-Za-z0-9_-]{22}-960\.webp"[^>]*alt="Hills"/);

    // Editing keeps the cover unless removed.
    const edit = await (await agent.get('/@jo_pages/covered/edit')).text();
    const coverId = /name="coverImage" value="([^"]+)"/.exec(edit)![1]!;
    const keep = new FormData();
    for (const [k, v] of [
      ['title', 'Covered'],
      ['body', 'Done, edited.'],
      ['coverImage', coverId],
      ['action', 'publish'],
    ])
      keep.append(k!, v!);
    expect((await agent.request('/@jo_pages/covered/edit', { method: 'POST', body: keep })).status).toBe(303);
    expect(await (await agent.get('/@jo_pages/covered')).text()).toContain('class="cover"');
    keep.set('removeCover', '1');
    expect((await agent.request('/@jo_pages/covered/edit', { method: 'POST', body: keep })).status).toBe(303);
    expect(await (await agent.get('/@jo_pages/covered')).text()).not.toContain('class="cover"');
  });
});
