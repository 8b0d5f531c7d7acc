import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../markup/decode.ts';
import { excerpt, htmlToText } from '../markup/sanitise.ts';
import { parseFeedDate } from './normalise.ts';
import { FeedParseError, parseFeedBytes, parseFeedText } from './parse.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../../test/fixtures/feeds', name));

describe('decoding feed bytes', () => {
  it.each([
    ['latin1-declared.xml', undefined, 'Café Bibliothèque', 'declaration'],
    ['windows1252-undeclared.xml', undefined, 'Smart “quotes” — undeclared', 'detector'],
    ['utf16le-bom.xml', undefined, '日本語 UTF-16', 'bom'],
    ['utf16be-nobom.xml', undefined, '日本語 UTF-16', 'pattern'],
    ['utf32le-bom.xml', undefined, '日本語 UTF-32', 'bom'],
    ['shift_jis-declared.xml', undefined, '図書館ブログ', 'declaration'],
    ['windows1251-http-charset.xml', 'application/rss+xml; charset=windows-1251', 'Библиотека', 'http'],
    ['rss2.xml', 'text/xml', 'Shelf Notes &amp; Marginalia', 'declaration'],
  ])('%s reads right', (name, contentType, expected, by) => {
    const decoded = decodeBytes(fixture(name), contentType);
    expect(decoded.text).toContain(expected);
    expect(decoded.by).toBe(by);
  });

  it('lets the HTTP charset win over a declaration, and a BOM win over both', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><x>é</x>', 'utf8');
    expect(decodeBytes(bytes, 'text/xml; charset=utf-8').text).toContain('<x>é</x>');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(decodeBytes(withBom, 'text/xml; charset=iso-8859-1').text).toContain('<x>é</x>');
  });

  it('reads undeclared valid UTF-8 as UTF-8, and an unknown declared charset by sniffing', () => {
    expect(decodeBytes(Buffer.from('<rss>naïve</rss>'), null)).toMatchObject({ text: '<rss>naïve</rss>', by: 'utf-8' });
    expect(decodeBytes(Buffer.from('<?xml version="1.0" encoding="x-nonsense"?><rss>ok</rss>'), 'text/xml; charset=bogus').by).toBe(
      'utf-8',
    );
  });
});

describe('parsing and normalising', () => {
  it('reads RSS 2.0: links, permalink guids, dates with offsets, categories, content vs description', () => {
    const feed = parseFeedBytes(fixture('rss2.xml'), { url: 'https://shelf.example/feed/' });
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Shelf Notes & Marginalia',
      siteUrl: 'https://shelf.example/',
      selfUrl: 'https://shelf.example/feed/',
      hubUrl: 'https://hub.example/',
    });
    const [first, second, third] = feed.entries;
    expect(first).toMatchObject({
      id: 'shelf-post-106',
      url: 'https://shelf.example/2026/11/thing-6/',
      title: 'Thing 6: online networks',
      publishedAt: '2026-11-03T20:15:00.000Z',
      tags: ['cpd23', 'thing6', 'networks'],
      excerpt: 'Why I will not join Facebook, and why LinkedIn can wait.',
    });
    expect(first!.contentHtml).toContain('href="https://shelf.example/networks/lisnpn"');
    expect(first!.contentHtml).toContain('src="https://shelf.example/feed/images/forum.png"');
    expect(second).toMatchObject({
      id: 'https://shelf.example/2026/10/guid-only/',
      url: 'https://shelf.example/2026/10/guid-only/',
      publishedAt: '2026-10-26T08:00:00.000Z',
      excerpt: 'Escaped HTML description',
    });
    expect(second!.contentHtml).toBe('<p>Escaped <em>HTML</em> description</p>');
    expect(third).toMatchObject({
      id: null,
      url: 'https://shelf.example/2026/10/undated/',
      publishedAt: null,
      excerpt: 'Plain words & an ampersand.',
    });
  });

  it('does not take a non-permalink guid for a link', () => {
    const feed = parseFeedText(
      '<rss version="2.0"><channel><title>t</title><item><title>x</title><guid isPermaLink="false">https://a.example/not-a-page</guid></item></channel></rss>',
      'https://a.example/feed',
    );
    expect(feed.entries[0]).toMatchObject({ id: 'https://a.example/not-a-page', url: null });
  });

  it('reads RSS 0.91 and RSS 1.0 (RDF) with Dublin Core dates and subjects', () => {
    const old = parseFeedBytes(fixture('rss091.xml'), { url: 'https://old.example/rss' });
    expect(old).toMatchObject({ format: 'rss', title: 'An Old Weblog' });
    expect(old.entries[0]).toMatchObject({ title: 'Thing 1: blogging', url: 'https://old.example/thing-1.html', id: null });
    const rdf = parseFeedBytes(fixture('rss1-rdf.xml'), { url: 'https://rdf.example/index.rdf' });
    expect(rdf).toMatchObject({ format: 'rdf', title: 'RDF Reading Room' });
    expect(rdf.entries[0]).toMatchObject({ id: 'https://rdf.example/posts/3', publishedAt: '2026-11-02T08:30:00.000Z', tags: ['thing3'] });
  });

  it('reads Atom 1.0: xml:base at feed and entry, text vs html vs xhtml, dates without offset as UTC', () => {
    const feed = parseFeedBytes(fixture('atom10.xml'), { url: 'https://atom.example/blog/feed.atom' });
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Reading & Writing',
      siteUrl: 'https://atom.example/blog/',
      selfUrl: 'https://atom.example/blog/feed.atom',
    });
    const [seven, eight] = feed.entries;
    expect(seven).toMatchObject({
      id: 'tag:atom.example,2026:post-7',
      url: 'https://atom.example/blog/2026/thing-7',
      title: 'Thing 7: <face-to-face> networks',
      publishedAt: '2026-11-04T08:00:00.000Z',
      updatedAt: '2026-11-04T09:00:00.000Z',
      tags: ['thing7', 'events'],
      excerpt: 'Summary with <b>angle brackets</b> as text.',
    });
    expect(seven!.summaryHtml).toBe('<p>Summary with &lt;b&gt;angle brackets&lt;/b&gt; as text.</p>');
    expect(seven!.contentHtml).toContain('href="https://atom.example/about"');
    expect(seven!.contentHtml).toContain('srcset="https://atom.example/blog/pics/a.png 1x, https://atom.example/blog/pics/a2.png 2x"');
    expect(eight).toMatchObject({
      url: 'https://elsewhere.example/sub/entry-8',
      title: 'An xhtml title',
      publishedAt: '2026-11-05T17:00:00.000Z',
    });
    expect(eight!.contentHtml).toContain('href="https://elsewhere.example/sub/link"');
  });

  it('reads Atom 0.3 and JSON Feed', () => {
    const old = parseFeedBytes(fixture('atom03.xml'), { url: 'https://old-atom.example/atom.xml' });
    expect(old.entries[0]).toMatchObject({
      title: 'Thing 2: personal brand',
      url: 'https://old-atom.example/2026/11/brand.html',
      publishedAt: '2026-11-01T07:00:00.000Z',
      contentHtml: '<p>What my name says online.</p>',
    });
    const json = parseFeedBytes(fixture('feed.json'), { url: 'https://json.example/feed.json', contentType: 'application/feed+json' });
    expect(json).toMatchObject({ format: 'json', title: 'JSON Jottings', siteUrl: 'https://json.example/' });
    expect(json.entries[0]).toMatchObject({
      id: 'https://json.example/p/5',
      url: 'https://json.example/p/5',
      tags: ['reflection', 'cpd23'],
      updatedAt: '2026-11-03T08:00:00.000Z',
    });
    expect(json.entries[0]!.contentHtml).toContain('href="https://json.example/p/4"');
    expect(json.entries[1]).toMatchObject({ id: '6', title: 'A note without a title. Second <paragraph>.' });
    expect(json.entries[1]!.contentHtml).toBe('<p>A note without a title.</p>\n<p>Second &lt;paragraph&gt;.</p>');
  });

  it('reads feeds in odd encodings', () => {
    expect(parseFeedBytes(fixture('latin1-declared.xml'), { url: 'https://latin.example/f' }).entries[0]!.title).toBe(
      'Réflexion à la française',
    );
    expect(parseFeedBytes(fixture('utf16be-nobom.xml'), { url: 'https://u16.example/f' }).entries[0]!.title).toBe('Ångström');
    expect(parseFeedBytes(fixture('utf32le-bom.xml'), { url: 'https://u32.example/f' }).title).toBe('日本語 UTF-32');
    expect(parseFeedBytes(fixture('shift_jis-declared.xml'), { url: 'https://sj.example/f' }).entries[0]!.title).toBe('シング6');
    expect(parseFeedBytes(fixture('windows1252-undeclared.xml'), { url: 'https://cp.example/f' }).entries[0]!.title).toBe(
      'It’s a naïve café … “dash” — and more',
    );
  });

  it('turns malformed XML, HTML pages and empty answers into a plain FeedParseError', () => {
    const cases: Array<[Buffer | string, RegExp]> = [
      [fixture('malformed.xml'), /not well-formed/],
      [fixture('site.html'), /not with a feed/],
      ['', /empty/],
      ['{"version": "nope"}', /not with a feed/],
      [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>',
        /./,
      ],
    ];
    for (const [input, message] of cases) {
      let error: unknown;
      try {
        const feed =
          typeof input === 'string' ? parseFeedText(input, 'https://x.example/') : parseFeedBytes(input, { url: 'https://x.example/' });
        // An entity "bomb" may parse, but must not expand.
        expect(feed.title.length).toBeLessThan(1000);
        continue;
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeedParseError);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('feed dates', () => {
  it.each([
    ['Tue, 03 Nov 2026 21:15:00 +0100', '2026-11-03T20:15:00.000Z'],
    ['Tue, 3 Nov 2026 21:15:00 GMT', '2026-11-03T21:15:00.000Z'],
    ['Tue, 03 Nov 2026 21:15:00', '2026-11-03T21:15:00.000Z'],
    ['Tue, 03 Nov 2026 16:15:00 EST', '2026-11-03T21:15:00.000Z'],
    ['Tue, 03 Nov 2026 21:15:00 CEST', '2026-11-03T21:15:00.000Z'],
    ['2026-11-03T21:15:00', '2026-11-03T21:15:00.000Z'],
    ['2026-11-03 21:15', '2026-11-03T21:15:00.000Z'],
    ['2026-11-03', '2026-11-03T00:00:00.000Z'],
    ['2026-11-03T21:15:00.250-02:30', '2026-11-03T23:45:00.250Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });
  it.each(['', 'soon', '0000-00-00', '1970-01-01T00:00:00Z', undefined])('%s → null', (input) => {
    expect(parseFeedDate(input)).toBeNull();
  });
});

describe('text helpers', () => {
  it('decodes entities exactly once and drops scripts', () => {
    expect(htmlToText('<p>A &amp;lt;b&amp;gt; &eacute;</p><script>x()</script><p>next</p>')).toBe('A &lt;b&gt; é next');
  });
  it('cuts excerpts at a word', () => {
    expect(excerpt('one two three four five six', 14)).toBe('one two three…');
  });
});
