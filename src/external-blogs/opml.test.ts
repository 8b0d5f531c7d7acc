import { parseOpml } from 'feedsmith';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { renderOpml } from './opml.ts';

describe('OPML 2.0 of participant blogs', () => {
  const doc = renderOpml({
    title: 'cpd23 — participant blogs',
    createdAt: '2026-11-02T09:00:00.000Z',
    ownerName: 'Commonplace',
    url: 'http://localhost:3000/programmes/cpd23/blogs.opml',
    blogs: [
      {
        text: 'Ada <Reads> & "Writes"',
        feedUrl: 'https://ada.example/feed?a=1&b=2',
        siteUrl: 'https://ada.example/',
        title: "Ada's Notebook",
      },
      { text: 'Bo\u0007', feedUrl: 'https://bo.example/atom.xml', siteUrl: null },
    ],
  });

  it('is well-formed XML', () => {
    const parser = new SaxesParser();
    let root = '';
    parser.on('opentag', (tag) => {
      root ||= tag.name;
    });
    expect(() => parser.write(doc).close()).not.toThrow();
    expect(root).toBe('opml');
  });

  it('parses back to the same blogs', () => {
    const parsed = parseOpml(doc);
    expect(parsed.head?.title).toBe('cpd23 — participant blogs');
    expect(parsed.head?.dateCreated).toBe('Mon, 02 Nov 2026 09:00:00 GMT');
    expect(parsed.body?.outlines).toEqual([
      {
        text: 'Ada <Reads> & "Writes"',
        title: "Ada's Notebook",
        type: 'rss',
        xmlUrl: 'https://ada.example/feed?a=1&b=2',
        htmlUrl: 'https://ada.example/',
      },
      { text: 'Bo', type: 'rss', xmlUrl: 'https://bo.example/atom.xml' },
    ]);
  });

  it('renders an empty body for a programme without external blogs', () => {
    expect(parseOpml(renderOpml({ title: 'none', createdAt: '2026-11-02T09:00:00Z', blogs: [] })).body?.outlines ?? []).toEqual([]);
  });
});
