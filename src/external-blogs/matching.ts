/**
 * Which Thing an external post answers: a pure function, so every rule is tested on its own.
 * Rules, in order, the first that decides wins:
 *   1. a link in the post's content to the Thing's page;
 *   2. a tag or category the Thing lists (a tag every Thing lists, like `cpd23`, only narrows);
 *   3. the Thing's number ("Thing 6", "thing6", "#6", "Thing six") or its title in the post's title.
 * One Thing → matched; several → ambiguous (the member chooses); none → none.
 */

/** A Thing the member could be answering (from the programmes they are in). */
export interface ThingCandidate {
  /** The programme's slug. */
  readonly programme: string;
  readonly number: number;
  readonly title: string;
  /** Tags the Thing lists, any case. */
  readonly tags: readonly string[];
  /** Absolute URL of the Thing's page. */
  readonly url: string;
}

export interface MatchablePost {
  readonly title: string;
  readonly tags: readonly string[];
  /** HTML content (links are read from it); absolute URLs. */
  readonly contentHtml: string | null;
}

export type MatchRule = 'link' | 'tag' | 'title';

export type MatchResult =
  | { readonly status: 'matched'; readonly thing: ThingCandidate; readonly rule: MatchRule }
  | { readonly status: 'ambiguous'; readonly candidates: readonly ThingCandidate[]; readonly rule: MatchRule }
  | { readonly status: 'none' };

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
};

/** "six" → 6, "twenty-three" / "twenty three" → 23; undefined if not a number word. */
function wordsToNumber(words: string): number | undefined {
  const parts = words
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
  if (parts.length === 1) return NUMBER_WORDS[parts[0]!];
  if (parts.length === 2) {
    const tens = NUMBER_WORDS[parts[0]!];
    const unit = NUMBER_WORDS[parts[1]!];
    if (tens && tens >= 20 && tens % 10 === 0 && unit && unit < 10) return tens + unit;
  }
  return undefined;
}

const WORD =
  '(?:twenty|thirty|forty|fifty)(?:[\\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';

/** The Thing numbers a post title names. */
export function numbersInTitle(title: string): Set<number> {
  const found = new Set<number>();
  for (const m of title.matchAll(/\bthing\s*[-#:]?\s*#?\s*(\d{1,3})(?!\d)/gi)) found.add(Number(m[1]));
  for (const m of title.matchAll(new RegExp(`\\bthing\\s+(${WORD})\\b`, 'gi'))) {
    const n = wordsToNumber(m[1]!);
    if (n) found.add(n);
  }
  for (const m of title.matchAll(/(?:^|[\s([:,;])#(\d{1,3})(?!\d)/g)) found.add(Number(m[1]));
  return found;
}

const simplify = (text: string) =>
  ` ${text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/** A URL reduced to what identifies a page: no fragment, query, trailing slash, default port or case in the host. */
export function pageKey(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.host.toLowerCase()}${decodeURIComponent(u.pathname).replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

function linksIn(html: string | null): Set<string> {
  const keys = new Set<string>();
  if (!html) return keys;
  for (const m of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const key = pageKey((m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&'));
    if (key) keys.add(key);
  }
  return keys;
}

function decide(matches: readonly ThingCandidate[], rule: MatchRule): MatchResult | undefined {
  if (matches.length === 1) return { status: 'matched', thing: matches[0]!, rule };
  if (matches.length > 1) return { status: 'ambiguous', candidates: matches, rule };
  return undefined;
}

export function matchPostToThing(post: MatchablePost, things: readonly ThingCandidate[]): MatchResult {
  if (things.length === 0) return { status: 'none' };

  // 1. A link to the Thing's page.
  const links = linksIn(post.contentHtml);
  const byLink = decide(
    things.filter((t) => {
      const key = pageKey(t.url);
      return key !== undefined && links.has(key);
    }),
    'link',
  );
  if (byLink) return byLink;

  // 2. A tag the Thing lists. A tag listed by several Things (a programme tag) does not decide alone.
  const postTags = new Set(post.tags.map((t) => t.trim().toLowerCase()));
  const listedBy = new Map<string, number>();
  for (const t of things) for (const tag of new Set(t.tags.map((x) => x.toLowerCase()))) listedBy.set(tag, (listedBy.get(tag) ?? 0) + 1);
  const thingTags = (t: ThingCandidate) => t.tags.map((x) => x.toLowerCase()).filter((x) => postTags.has(x));
  const tagged = things.filter((t) => thingTags(t).length > 0);
  const strong = tagged.filter((t) => thingTags(t).some((tag) => listedBy.get(tag) === 1));
  const byTag = decide(strong, 'tag');
  if (byTag) return byTag;

  // 3. The number or the title in the post's title; a shared tag, if any, narrows the field.
  const pool = tagged.length > 0 ? tagged : things;
  const numbers = numbersInTitle(post.title);
  const title = simplify(post.title);
  const byTitle = (field: readonly ThingCandidate[]) =>
    field.filter((t) => {
      if (numbers.has(t.number)) return true;
      const name = simplify(t.title);
      return name.trim().length >= 5 && title.includes(name);
    });
  const titled = byTitle(pool);
  const decided = decide(titled, 'title') ?? (pool !== things ? decide(byTitle(things), 'title') : undefined);
  if (decided) return decided;
  // Tagged for a programme, but no Thing named: the member chooses among that programme's Things.
  if (tagged.length > 0) return { status: 'ambiguous', candidates: tagged, rule: 'tag' };
  return { status: 'none' };
}
