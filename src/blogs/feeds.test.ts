import Ajv from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseFeed } from 'feedsmith';
import { SaxesParser } from 'saxes';
import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

interface El {
  name: string;
  uri: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

/** A namespace-aware parse (saxes, strict): throws on anything not well-formed. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const stack: El[] = [];
  let root: El | undefined;
  parser.on('opentag', (t) => {
    const el: El = {
      name: t.local,
      uri: t.uri,
      attrs: Object.fromEntries(Object.values(t.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    if (stack.length) stack.at(-1)!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (x) => void (stack.length && (stack.at(-1)!.text += x)));
  parser.on('cdata', (x) => void (stack.length && (stack.at(-1)!.text += x)));
  parser.on('closetag', () => void stack.pop());
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
  return root!;
}

const ATOM = 'http://www.w3.org/2005/Atom';
const kids = (el: El, name: string, uri = el.uri) => el.children.filter((c) => c.name === name && c.uri === uri);
const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const rfc822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d (GMT|[+-]\d{4})$/;
const absolute = (u: string) => /^https?:\/\/[^\s]+$/.test(u);

/** RFC 4287's MUSTs for a feed and its entries. */
function expectValidAtom(xml: string): El {
  const feed = parseXml(xml);
  expect(feed.name).toBe('feed');
  expect(feed.uri).toBe(ATOM);
  for (const one of ['id', 'title', 'updated']) expect(kids(feed, one), `feed/${one}`).toHaveLength(1);
  expect(absolute(kids(feed, 'id')[0]!.text)).toBe(true);
  expect(kids(feed, 'updated')[0]!.text).toMatch(rfc3339);
  expect(kids(feed, 'link').filter((l) => l.attrs.rel === 'self')).toHaveLength(1);
  const feedHasAuthor = kids(feed, 'author').length > 0;
  const ids = new Set<string>();
  for (const entry of kids(feed, 'entry')) {
    for (const one of ['id', 'title', 'updated']) expect(kids(entry, one), `entry/${one}`).toHaveLength(1);
    const id = kids(entry, 'id')[0]!.text;
    expect(absolute(id)).toBe(true);
    expect(ids.has(id)).toBe(false);
    ids.add(id);
    expect(kids(entry, 'updated')[0]!.text).toMatch(rfc3339);
    for (const p of kids(entry, 'published')) expect(p.text).toMatch(rfc3339);
    expect(feedHasAuthor || kids(entry, 'author').length > 0).toBe(true);
    for (const a of kids(entry, 'author')) expect(kids(a, 'name')).toHaveLength(1);
    const alternates = kids(entry, 'link').filter((l) => !l.attrs.rel || l.attrs.rel === 'alternate');
    expect(kids(entry, 'content').length + alternates.length).toBeGreaterThan(0);
    for (const c of [...kids(entry, 'content'), ...kids(entry, 'title'), ...kids(entry, 'summary')]) {
      expect(['text', 'html', 'xhtml', undefined]).toContain(c.attrs.type);
    }
    // type="html" text must be escaped HTML: no raw "<" can hide a tag in a title.
    for (const t of kids(entry, 'title')) if (t.attrs.type === 'html') expect(t.text).not.toMatch(/<(?![!])/);
  }
  return feed;
}

/** RSS 2.0's required channel and item elements, with RFC 822 dates. */
function expectValidRss(xml: string): El {
  const rss = parseXml(xml);
  expect(rss.name).toBe('rss');
  expect(rss.attrs.version).toBe('2.0');
  const [channel] = kids(rss, 'channel');
  expect(channel).toBeDefined();
  for (const one of ['title', 'link', 'description']) expect(kids(channel!, one), `channel/${one}`).toHaveLength(1);
  for (const d of [...kids(channel!, 'lastBuildDate'), ...kids(channel!, 'pubDate')]) expect(d.text).toMatch(rfc822);
  for (const item of kids(channel!, 'item')) {
    expect(kids(item, 'title').length + kids(item, 'description').length).toBeGreaterThan(0);
    for (const d of kids(item, 'pubDate')) expect(d.text).toMatch(rfc822);
    for (const g of kids(item, 'guid')) expect(g.text.trim().length).toBeGreaterThan(0);
    // RSS's own <author> must be an email address; names go in dc:creator.
    expect(kids(item, 'author')).toHaveLength(0);
  }
  return rss;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as a JSON Schema. */
const jsonFeedSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string' },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    language: { type: 'string' },
    authors: { $ref: '#/$defs/authors' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
        properties: {
          id: { type: 'string' },
          url: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          content_html: { type: 'string' },
          content_text: { type: 'string' },
          summary: { type: 'string' },
          date_published: { type: 'string', format: 'date-time' },
          date_modified: { type: 'string', format: 'date-time' },
          authors: { $ref: '#/$defs/authors' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
  $defs: {
    authors: {
      type: 'array',
      items: {
        type: 'object',
        minProperties: 1,
        properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' }, avatar: { type: 'string', format: 'uri' } },
      },
    },
  },
};

describeEachDatabase('feeds out', (h) => {
  it('serves valid Atom, RSS and JSON Feed for a member, that a second parser reads back', async () => {
    const member = await createMember(h().ctx, { handle: 'feed_writer', displayName: 'Fen <Writer> & Co' });
    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'feed_writer', password: member.password })).json()).token;
    await agent.api('POST', '/posts', { title: 'Older <post> & more', body: 'First **one**', tags: ['Alpha'], status: 'published' });
    h().clock.advance(60_000);
    await agent.api('POST', '/posts', { title: 'Newer post', body: 'Second ]]> one', status: 'published' });
    await agent.api('POST', '/posts', { title: 'Members only', body: 'hidden', status: 'published', visibility: 'members' });
    await agent.api('POST', '/posts', { title: 'A draft', body: 'hidden' });

    const atom = await h().agent().get('/@feed_writer/feed.atom');
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atomText = await atom.text();
    const feed = expectValidAtom(atomText);
    expect(kids(feed, 'entry')).toHaveLength(2);

    const rss = await h().agent().get('/@feed_writer/feed.rss');
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const rssText = await rss.text();
    expectValidRss(rssText);

    const json = await h().agent().get('/@feed_writer/feed.json');
    expect(json.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const jsonBody = await json.json();
    const ajv = new Ajv.default({ strict: true, strictRequired: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(jsonFeedSchema);
    expect(validate(jsonBody), JSON.stringify(validate.errors)).toBe(true);

    for (const [text, format] of [
      [atomText, 'atom'],
      [rssText, 'rss'],
      [JSON.stringify(jsonBody), 'json'],
    ] as const) {
      const parsed = parseFeed(text);
      expect(parsed.format).toBe(format);
      const f = parsed.feed as { items?: Array<Record<string, unknown>>; entries?: Array<Record<string, unknown>> };
      const items = (f.items ?? f.entries)!;
      expect(items).toHaveLength(2);
      const titles = items.map((i) => (typeof i.title === 'object' && i.title ? (i.title as { value?: string }).value : i.title) as string);
      const expected = format === 'atom' ? ['Newer post', 'Older &lt;post&gt; &amp; more'] : ['Newer post', 'Older <post> & more'];
      expect(titles).toEqual(expected);
    }
    expect(jsonBody.items[0]).toMatchObject({
      id: 'http://localhost:3000/@feed_writer/newer-post',
      url: 'http://localhost:3000/@feed_writer/newer-post',
      date_published: '2026-11-02T09:01:00.000Z',
    });
    expect(jsonBody.items[0].content_html).toContain('Second ]]&gt; one');
    expect(atomText).not.toContain('Members only');
    expect(atomText).not.toContain('A draft');

    const page = await (await h().agent().get('/@feed_writer')).text();
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" href="http://localhost:3000/@feed_writer/feed.atom"');
    expect(page).toContain('type="application/rss+xml"');
    expect(page).toContain('type="application/feed+json"');
  });

  it('answers 304 while nothing changed, and 200 with a new ETag once it has', async () => {
    const member = await createMember(h().ctx, { handle: 'etag_writer' });
    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'etag_writer', password: member.password })).json()).token;
    const postedAt = new Date(Math.floor(h().clock.now().getTime() / 1000) * 1000).toISOString();
    await agent.api('POST', '/posts', { title: 'One', body: 'x', status: 'published' });
    const first = await h().agent().get('/@etag_writer/feed.atom');
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(modified).toISOString()).toBe(postedAt);
    const again = await h().agent().get('/@etag_writer/feed.atom', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await h().agent().get('/@etag_writer/feed.atom', { 'if-modified-since': modified })).status).toBe(304);
    h().clock.advance(3_600_000);
    await agent.api('POST', '/posts', { title: 'Two', body: 'y', status: 'published' });
    const changed = await h().agent().get('/@etag_writer/feed.atom', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await h().agent().get('/@etag_writer/feed.atom', { 'if-modified-since': modified })).status).toBe(200);
  });

  it('serves tag and stream feeds of public posts, valid too', async () => {
    const member = await createMember(h().ctx, { handle: 'tag_writer' });
    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'tag_writer', password: member.password })).json()).token;
    await agent.api('POST', '/posts', { title: 'Tagged', body: 'x', tags: ['Current Awareness'], status: 'published' });
    await agent.api('POST', '/posts', {
      title: 'Tagged but private',
      body: 'x',
      tags: ['current awareness'],
      status: 'published',
      visibility: 'private',
    });
    const tagAtom = await (await h().agent().get('/tags/current-awareness/feed.atom')).text();
    expect(kids(expectValidAtom(tagAtom), 'entry').map((e) => kids(e, 'title')[0]!.text)).toEqual(['Tagged']);
    expectValidRss(await (await h().agent().get('/tags/current-awareness/feed.rss')).text());
    expectValidAtom(await (await h().agent().get('/posts/feed.atom')).text());
    expect(await (await h().agent().get('/tags/current-awareness')).text()).toContain('Tagged');
    // An empty feed is still valid.
    expectValidAtom(await (await h().agent().get('/tags/nothing-here/feed.atom')).text());
  });
});
