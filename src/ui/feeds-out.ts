import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { lazy } from '../lazy.ts';
import { escapeHtml } from './escape.ts';

const feedLibrary = lazy<typeof import('feed')>('feed');

/**
 * Feeds out, for any list of entries: Atom 1.0 and RSS 2.0 (with the `feed` library) and JSON Feed
 * 1.1 (built here: the library writes version 1), with ETag / Last-Modified and 304 answers.
 * Member and tag feeds use it; programme and Thing feeds can too.
 */
export type FeedFormat = 'atom' | 'rss' | 'json';

export interface FeedEntry {
  /** A permanent, unique id: the entry's absolute URL does. */
  readonly id: string;
  readonly url: string;
  readonly title: string;
  /** Sanitised HTML. */
  readonly html: string;
  readonly summary: string;
  readonly published: Date;
  readonly updated: Date;
  readonly author: { readonly name: string; readonly url?: string };
  readonly tags?: readonly string[];
  /** An image for the entry (a post's cover): an enclosure in RSS and Atom, `image` in JSON Feed. */
  readonly image?: { readonly url: string; readonly type: string; readonly length: number };
}

export interface FeedSource {
  readonly title: string;
  readonly description: string;
  /** The HTML page the feed stands for. */
  readonly siteUrl: string;
  /** The feed's address without its extension: `${base}.atom`, `.rss`, `.json`. */
  readonly feedBase: string;
  readonly author?: { readonly name: string; readonly url?: string };
  readonly entries: readonly FeedEntry[];
}

export const feedContentTypes: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const extension: Record<FeedFormat, string> = { atom: 'atom', rss: 'rss', json: 'json' };

/** The newest change among the entries (or the epoch for an empty feed, so it stays stable). */
export function lastModified(source: FeedSource): Date {
  let latest = 0;
  for (const e of source.entries) latest = Math.max(latest, e.updated.getTime(), e.published.getTime());
  // HTTP dates have whole seconds.
  return new Date(Math.floor(latest / 1000) * 1000);
}

export function buildFeed(source: FeedSource, format: FeedFormat): string {
  if (format === 'json') return buildJsonFeed(source);
  const updated = lastModified(source);
  const feed = new (feedLibrary().Feed)({
    id: `${source.feedBase}.${extension[format]}`,
    title: source.title,
    description: source.description,
    link: source.siteUrl,
    updated,
    generator: 'Commonplace',
    language: 'en',
    feedLinks: { atom: `${source.feedBase}.atom`, rss: `${source.feedBase}.rss`, json: `${source.feedBase}.json` },
    ...(source.author ? { author: { name: source.author.name, ...(source.author.url ? { link: source.author.url } : {}) } } : {}),
  });
  // Atom marks titles and summaries type="html": their text must be escaped HTML, or a "<" in a
  // title would read as a tag. RSS titles are plain text.
  const text = (t: string) => (format === 'atom' ? escapeHtml(t) : t);
  for (const e of source.entries) {
    feed.addItem({
      id: e.id,
      guid: e.id,
      title: text(e.title),
      link: e.url,
      date: e.updated,
      published: e.published,
      description: text(e.summary),
      content: e.html,
      author: [{ name: e.author.name, ...(e.author.url ? { link: e.author.url } : {}) }],
      category: (e.tags ?? []).map((t) => ({ name: t, term: t })),
      ...(e.image ? { image: { url: e.image.url, length: e.image.length } } : {}),
    });
  }
  if (format === 'atom') return feed.atom1();
  // RSS 2.0's <author> must be an email address; we publish none, so the name goes in dc:creator.
  return feed.rss2().replace(/<author>([\s\S]*?)<\/author>/g, '<dc:creator>$1</dc:creator>');
}

function buildJsonFeed(source: FeedSource): string {
  const authors = (a: { name: string; url?: string }) => [{ name: a.name, ...(a.url ? { url: a.url } : {}) }];
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: source.title,
      home_page_url: source.siteUrl,
      feed_url: `${source.feedBase}.json`,
      description: source.description,
      language: 'en',
      ...(source.author ? { authors: authors(source.author) } : {}),
      items: source.entries.map((e) => ({
        id: e.id,
        url: e.url,
        title: e.title,
        content_html: e.html,
        summary: e.summary,
        date_published: e.published.toISOString(),
        date_modified: e.updated.toISOString(),
        authors: authors(e.author),
        ...(e.tags?.length ? { tags: [...e.tags] } : {}),
        ...(e.image ? { image: e.image.url } : {}),
      })),
    },
    null,
    2,
  );
}

/**
 * Answers a feed request: 304 when the reader's ETag or date still matches, the feed otherwise.
 * The ETag is a hash of the bytes, so any change to what is served changes it.
 */
export function feedResponse(c: Context, source: FeedSource, format: FeedFormat): Response {
  const body = buildFeed(source, format);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const modified = lastModified(source);
  const headers = {
    ETag: etag,
    'Last-Modified': modified.toUTCString(),
    'Cache-Control': 'public, max-age=300',
    'Content-Type': feedContentTypes[format],
  };
  const ifNoneMatch = c.req.header('if-none-match');
  const ifModifiedSince = c.req.header('if-modified-since');
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
    : ifModifiedSince !== undefined && !Number.isNaN(Date.parse(ifModifiedSince)) && modified.getTime() <= Date.parse(ifModifiedSince);
  if (notModified)
    return new Response(null, {
      status: 304,
      headers: { ETag: etag, 'Last-Modified': headers['Last-Modified'], 'Cache-Control': headers['Cache-Control'] },
    });
  return new Response(body, { status: 200, headers });
}

/** What the `<link rel="alternate">` elements of a page say, so readers find its feeds. */
export function feedAlternates(base: string, title: string): Array<{ type: string; href: string; title: string }> {
  return [
    { type: 'application/atom+xml', ext: 'atom', label: 'Atom' },
    { type: 'application/rss+xml', ext: 'rss', label: 'RSS' },
    { type: 'application/feed+json', ext: 'json', label: 'JSON Feed' },
  ].map((f) => ({ type: f.type, href: `${base}.${f.ext}`, title: `${title} (${f.label})` }));
}
