import { FetchFailure, type SafeFetcher, type SafeFetchResponse } from '../net/safe-fetch.ts';
import { decodeBytes } from '../markup/decode.ts';
import type { NormalisedFeed } from './normalise.ts';
import { FeedParseError, parseFeedBytes } from './parse.ts';

/**
 * From whatever address a member gives (her site's home page or the feed itself) to a feed: the
 * address as a feed, else the page's `<link rel="alternate">` feeds, else the usual paths.
 */

export interface DiscoveredFeed {
  /** The address to poll: where the feed was found, or its permanent new home. */
  readonly feedUrl: string;
  readonly feed: NormalisedFeed;
  readonly response: SafeFetchResponse;
}

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

export const USUAL_FEED_PATHS = ['feed', 'rss', 'atom.xml', 'feed.xml', 'index.xml', 'rss.xml', 'feeds/posts/default'];

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|rdf\+xml|json)$|^text\/xml$|^application\/xml$/i;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/g, '&');
  }
  return out;
}

/** The feed links an HTML page announces, best first (comment feeds last). */
export function feedLinksInHtml(html: string, pageUrl: string): string[] {
  const head = html.slice(0, 200_000);
  const baseHref = /<base\s[^>]*href\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];
  let base = pageUrl;
  try {
    if (baseHref) base = new URL(baseHref, pageUrl).href;
  } catch {
    // A broken <base> is ignored.
  }
  const found: Array<{ url: string; comments: boolean }> = [];
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(m[0]);
    const rels = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('alternate') || !a.href || !FEED_TYPES.test((a.type ?? '').trim())) continue;
    try {
      const url = new URL(a.href, base).href;
      const comments = /comment/i.test(a.title ?? '') || /comments?\//i.test(a.href);
      if (!found.some((f) => f.url === url)) found.push({ url, comments });
    } catch {
      // Unusable href.
    }
  }
  return [...found.filter((f) => !f.comments), ...found.filter((f) => f.comments)].map((f) => f.url);
}

function looksLikeHtml(response: SafeFetchResponse): boolean {
  if (/html/i.test(response.headers.get('content-type') ?? '')) return true;
  const start = decodeBytes(response.body.subarray(0, 512), response.headers.get('content-type'))
    .text.trimStart()
    .slice(0, 100)
    .toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

async function tryFeed(fetcher: SafeFetcher, url: string, signal: AbortSignal): Promise<DiscoveredFeed | undefined> {
  let response: SafeFetchResponse;
  try {
    response = await fetcher.fetch(url, { signal });
  } catch (error) {
    if (error instanceof FetchFailure && (error.kind === 'refused' || signal.aborted)) throw error;
    return undefined;
  }
  if (response.status !== 200 || looksLikeHtml(response)) return undefined;
  try {
    const feed = parseFeedBytes(response.body, { contentType: response.headers.get('content-type'), url: response.url });
    return { feedUrl: response.permanentUrl ?? url, feed, response };
  } catch (error) {
    if (error instanceof FeedParseError) return undefined;
    throw error;
  }
}

/**
 * Finds and reads the feed behind `address`. Throws FetchFailure (refused, unreachable…) or
 * DiscoveryError, each with a plain message.
 */
export async function discoverFeed(fetcher: SafeFetcher, address: string, options: { timeoutMs?: number } = {}): Promise<DiscoveredFeed> {
  // One budget for the whole search, so a person waiting on the form gets an answer.
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const first = await fetcher.fetch(address, { signal });
  const here = first.permanentUrl ?? address;
  if (first.status >= 400) throw new DiscoveryError(`That address answered ${first.status}${statusWords(first.status)}.`);
  if (first.status === 200) {
    if (looksLikeHtml(first)) {
      const { text } = decodeBytes(first.body, first.headers.get('content-type'));
      for (const link of feedLinksInHtml(text, first.url)) {
        const found = await tryFeed(fetcher, link, signal);
        if (found) return found;
      }
    } else {
      try {
        const feed = parseFeedBytes(first.body, { contentType: first.headers.get('content-type'), url: first.url });
        return { feedUrl: here, feed, response: first };
      } catch (error) {
        if (!(error instanceof FeedParseError)) throw error;
        // Not a feed: perhaps a page without the right Content-Type; the usual paths may still find one.
      }
    }
  }
  const page = new URL(first.url);
  const bases = [...new Set([new URL('./', page).href, `${page.origin}/`])];
  const tried = new Set<string>([first.url]);
  for (const base of bases) {
    for (const path of USUAL_FEED_PATHS) {
      const candidate = new URL(path, base).href;
      if (tried.has(candidate)) continue;
      tried.add(candidate);
      const found = await tryFeed(fetcher, candidate, signal);
      if (found) return found;
    }
  }
  throw new DiscoveryError(
    'We could not find a feed at that address. Try the address of the feed itself (it often ends in /feed, /rss or .xml).',
  );
}

export function statusWords(status: number): string {
  const words: Record<number, string> = {
    400: 'bad request',
    401: 'sign-in needed',
    403: 'forbidden',
    404: 'not found',
    410: 'gone',
    429: 'too many requests',
    500: 'server error',
    502: 'bad gateway',
    503: 'unavailable',
    504: 'gateway timeout',
  };
  return words[status] ? ` (${words[status]})` : '';
}
