import { lazy } from '../lazy.ts';
import { decodeBytes } from '../markup/decode.ts';
import { normaliseFeed, type FeedFormat, type NormalisedFeed } from './normalise.ts';

const feedsmith = lazy<typeof import('feedsmith')>('feedsmith');

/** A feed that could not be read; the message is plain and is stored as the blog's last error. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

/** The most entries read from one feed: older ones beyond this are left for the archive. */
export const MAX_ENTRIES = 200;
/** Text longer than this is refused before parsing (the fetcher caps bytes too). */
export const MAX_FEED_CHARS = 8 * 1024 * 1024;

/**
 * Bytes of a feed (any format, any encoding) → our normalised feed, relative URLs resolved against
 * `finalUrl`. Throws FeedParseError, never anything else, for bytes that are not a readable feed.
 */
export function parseFeedBytes(bytes: Uint8Array, options: { contentType?: string | null; url: string }): NormalisedFeed {
  const { text } = decodeBytes(bytes, options.contentType);
  return parseFeedText(text, options.url);
}

export function parseFeedText(text: string, url: string): NormalisedFeed {
  if (text.length > MAX_FEED_CHARS) throw new FeedParseError('The feed is too large to read.');
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) throw new FeedParseError('The feed was empty.');
  let parsed: { format: FeedFormat; feed: unknown };
  try {
    parsed = feedsmith().parseFeed(source) as { format: FeedFormat; feed: unknown };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'DetectError') throw new FeedParseError('The address answered, but not with a feed (RSS, Atom or JSON Feed).');
    throw new FeedParseError('The feed is not well-formed, so it could not be read.');
  }
  try {
    const feed = normaliseFeed(parsed, url);
    return { ...feed, entries: feed.entries.slice(0, MAX_ENTRIES) };
  } catch {
    throw new FeedParseError('The feed could not be read.');
  }
}
