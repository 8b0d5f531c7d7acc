import { excerpt, htmlToText } from '../markup/sanitise.ts';
import { resolveHtmlUrls, textToHtml } from './html.ts';

/**
 * The one place where the shapes of RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed (as feedsmith
 * reads them) become one entry shape of ours. Links are absolute, dates are UTC instants, tags are
 * lower-cased, and content is HTML (text constructs are escaped, never trusted as markup).
 */

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface NormalisedEntry {
  /** The feed's own id for the entry (guid, atom:id, JSON id, rdf:about), if any. */
  readonly id: string | null;
  /** The entry's page: alternate link, else a permalink guid. */
  readonly url: string | null;
  readonly title: string;
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly tags: readonly string[];
  /** Unsanitised HTML with absolute URLs: sanitise before storing or showing. */
  readonly contentHtml: string | null;
  readonly summaryHtml: string | null;
  /** Plain text, at most 280 characters. */
  readonly excerpt: string;
  /** The base its relative URLs were resolved against. */
  readonly baseUrl: string;
}

export interface NormalisedFeed {
  readonly format: FeedFormat;
  readonly title: string;
  readonly siteUrl: string | null;
  /** The feed's own address as it states it (rel="self"), if any. */
  readonly selfUrl: string | null;
  /** A WebSub hub, if the feed offers one. */
  readonly hubUrl: string | null;
  readonly entries: readonly NormalisedEntry[];
}

// feedsmith's output is a union of deep generic types; we read it field by field, defensively.
// biome-ignore lint/suspicious/noExplicitAny: the one loosely typed seam, read defensively below
type Loose = any;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function resolve(url: string | undefined, base: string | undefined): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/**
 * An instant from RFC 822 or ISO 8601 text; a time without an offset is UTC (never the server's
 * local time). Unknown zone names are read as UTC rather than dropping the date.
 */
export function parseFeedDate(value: unknown): string | null {
  const text = str(value);
  if (!text) return null;
  let candidate = text;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)) {
    candidate = text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`;
  } else if (/^(\w{3},?\s+)?\d{1,2}\s+\w{3,}\s+\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?$/.test(text)) {
    candidate = `${text} GMT`;
  }
  let ms = Date.parse(candidate);
  if (Number.isNaN(ms)) {
    // "Mon, 02 Nov 2026 08:00:00 CEST" and similar: keep the wall time, as UTC.
    const stripped = text.replace(/\s+[A-Z]{2,5}$/, '');
    if (stripped !== text) ms = Date.parse(`${stripped} GMT`);
  }
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year < 1990 || year > 9999 ? null : date.toISOString();
}

function normaliseTags(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const tag = str(v)?.toLowerCase().replace(/\s+/g, ' ');
    if (tag && tag.length <= 100) out.add(tag);
  }
  return [...out].slice(0, 50);
}

/** An Atom text construct (`{value, type}`) as plain text. */
function atomText(construct: Loose): string | undefined {
  if (typeof construct === 'string') return str(construct);
  const value = str(construct?.value);
  if (!value) return undefined;
  return isHtmlType(construct?.type) ? htmlToText(value) : value;
}

function isHtmlType(type: unknown): boolean {
  const t = typeof type === 'string' ? type.toLowerCase() : 'text';
  return t === 'html' || t === 'xhtml' || t === 'text/html' || t === 'application/xhtml+xml';
}

/** An Atom text construct as HTML: html types kept, text escaped, other media types dropped. */
function atomHtml(construct: Loose): string | null {
  if (typeof construct === 'string') return str(construct) ? textToHtml(construct) : null;
  const value = str(construct?.value);
  if (!value) return null;
  const type = typeof construct?.type === 'string' ? construct.type.toLowerCase() : 'text';
  if (isHtmlType(type)) return value;
  if (type === 'text' || type === 'text/plain') return textToHtml(value);
  return null;
}

function atomLink(links: Loose, base: string | undefined): string | null {
  if (!Array.isArray(links)) return null;
  const alternates = links.filter((l: Loose) => !l?.rel || l.rel === 'alternate');
  const html = alternates.find((l: Loose) => !l?.type || /html/i.test(l.type)) ?? alternates[0];
  return resolve(str(html?.href), base);
}

function relLink(links: Loose, rel: string, base: string | undefined): string | null {
  if (!Array.isArray(links)) return null;
  return resolve(str(links.find((l: Loose) => l?.rel === rel)?.href), base);
}

function joinBase(own: unknown, parent: string | undefined): string | undefined {
  return resolve(str(own), parent) ?? parent;
}

function entry(
  fields: Omit<NormalisedEntry, 'excerpt' | 'contentHtml' | 'summaryHtml' | 'baseUrl'> & {
    contentHtml: string | null;
    summaryHtml: string | null;
  },
  base: string,
): NormalisedEntry {
  const contentHtml = fields.contentHtml ? resolveHtmlUrls(fields.contentHtml, base) : null;
  const summaryHtml = fields.summaryHtml ? resolveHtmlUrls(fields.summaryHtml, base) : null;
  const summary = excerpt(htmlToText(summaryHtml ?? contentHtml ?? ''), 280);
  const title = fields.title || excerpt(summary, 80) || 'Untitled';
  return { ...fields, title, contentHtml, summaryHtml, excerpt: summary, baseUrl: base };
}

function rssEntries(feed: Loose, base: string): NormalisedEntry[] {
  const items: Loose[] = Array.isArray(feed.items) ? feed.items : [];
  return items.map((item) => {
    const guid = str(item.guid?.value ?? item.guid);
    const about = str(item.rdf?.about);
    const link =
      resolve(str(item.link), base) ?? (guid && item.guid?.isPermaLink !== false ? resolve(guid, base) : null) ?? resolve(about, base);
    const dcDates: unknown[] = item.dc?.dates ?? (item.dc?.date ? [item.dc.date] : []);
    const published = parseFeedDate(item.pubDate) ?? parseFeedDate(dcDates[0]) ?? parseFeedDate(item.atom?.published);
    const updated = parseFeedDate(item.atom?.updated) ?? parseFeedDate(item.dcterms?.modified);
    const categories: unknown[] = Array.isArray(item.categories) ? item.categories.map((c: Loose) => c?.name ?? c) : [];
    const subjects: unknown[] = item.dc?.subjects ?? (item.dc?.subject ? [item.dc.subject] : []);
    const content = str(item.content?.encoded);
    const description = str(item.description);
    return entry(
      {
        id: guid ?? about ?? null,
        url: link,
        // RSS titles are text; markup in them is shown as typed, never run.
        title: str(item.title) ?? str(item.dc?.title) ?? '',
        publishedAt: published,
        updatedAt: updated,
        tags: normaliseTags([...categories, ...subjects]),
        contentHtml: content ?? description ?? null,
        summaryHtml: content && description ? description : null,
      },
      base,
    );
  });
}

function atomEntries(feed: Loose, feedBase: string): NormalisedEntry[] {
  const entries: Loose[] = Array.isArray(feed.entries) ? feed.entries : [];
  return entries.map((e) => {
    const base = joinBase(e.xml?.base, feedBase) ?? feedBase;
    const categories: unknown[] = Array.isArray(e.categories) ? e.categories.map((c: Loose) => c?.term ?? c?.label) : [];
    return entry(
      {
        id: str(e.id) ?? null,
        url: atomLink(e.links, base),
        title: atomText(e.title) ?? '',
        publishedAt: parseFeedDate(e.published) ?? parseFeedDate(e.issued) ?? parseFeedDate(e.updated),
        updatedAt: parseFeedDate(e.updated) ?? parseFeedDate(e.modified),
        tags: normaliseTags([...categories, ...(e.dc?.subjects ?? [])]),
        contentHtml: atomHtml(e.content),
        summaryHtml: atomHtml(e.summary),
      },
      base,
    );
  });
}

function jsonEntries(feed: Loose, base: string): NormalisedEntry[] {
  const items: Loose[] = Array.isArray(feed.items) ? feed.items : [];
  return items.map((item) => {
    const content = str(item.content_html) ?? (str(item.content_text) ? textToHtml(item.content_text) : undefined);
    return entry(
      {
        id: str(typeof item.id === 'number' ? String(item.id) : item.id) ?? null,
        url: resolve(str(item.url), base) ?? resolve(str(item.external_url), base),
        title: str(item.title) ?? '',
        publishedAt: parseFeedDate(item.date_published),
        updatedAt: parseFeedDate(item.date_modified),
        tags: normaliseTags(Array.isArray(item.tags) ? item.tags : []),
        contentHtml: content ?? null,
        summaryHtml: str(item.summary) ? textToHtml(item.summary) : null,
      },
      base,
    );
  });
}

/** feedsmith's `{format, feed}` and the URL the bytes finally came from → our shape. */
export function normaliseFeed(parsed: { format: FeedFormat; feed: Loose }, finalUrl: string): NormalisedFeed {
  const { format, feed } = parsed;
  if (format === 'atom') {
    const base = joinBase(feed.xml?.base, finalUrl) ?? finalUrl;
    return {
      format,
      title: atomText(feed.title) ?? '',
      siteUrl: atomLink(feed.links, base),
      selfUrl: relLink(feed.links, 'self', base),
      hubUrl: relLink(feed.links, 'hub', base),
      entries: atomEntries(feed, base),
    };
  }
  if (format === 'json') {
    return {
      format,
      title: str(feed.title) ?? '',
      siteUrl: resolve(str(feed.home_page_url), finalUrl),
      selfUrl: resolve(str(feed.feed_url), finalUrl),
      hubUrl: resolve(str(feed.hubs?.[0]?.url), finalUrl),
      entries: jsonEntries(feed, finalUrl),
    };
  }
  const atomLinks: Loose[] = feed.atom?.links ?? [];
  return {
    format,
    title: str(feed.title) ?? str(feed.dc?.title) ?? '',
    siteUrl: resolve(str(feed.link), finalUrl),
    selfUrl: relLink(atomLinks, 'self', finalUrl),
    hubUrl: relLink(atomLinks, 'hub', finalUrl),
    entries: rssEntries(feed, finalUrl),
  };
}
