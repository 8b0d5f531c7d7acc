import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { visibilitiesFor, type Viewer } from './posts.policy.ts';

export interface SearchHit {
  readonly type: 'post';
  readonly id: string;
  readonly title: string;
  readonly url: string;
  /** Escaped text with the matched words in `<mark>`: safe to put in a page as HTML. */
  readonly snippet: string;
  readonly author: { readonly handle: string; readonly name: string };
  readonly publishedAt: string;
}

// Control characters cannot come from a post's text (htmlToText drops them), so they mark matches safely.
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Words from what a person typed, each quoted for FTS5 so no operator syntax leaks through. */
function ftsQuery(q: string): string | undefined {
  const words = q.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 12);
  return words?.length ? words.map((w) => `"${w}"`).join(' ') : undefined;
}

function markedToHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0001\u0004-\u0008]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replaceAll(OPEN, '<mark>')
    .replaceAll(CLOSE, '</mark>');
}

/**
 * Full-text search over the published posts the viewer may read, best first: SQLite FTS5 with bm25
 * (titles weigh more), or PostgreSQL's tsvector with websearch_to_tsquery and ts_rank; snippets
 * highlight the matches on both.
 */
export async function searchPosts(ctx: AppContext, viewer: Viewer, q: string, limit = 20): Promise<SearchHit[]> {
  const query = q.trim().slice(0, 200);
  if (!query) return [];
  const visibilities = visibilitiesFor(viewer);
  const own = viewer ? sql`or posts.author_id = ${viewer.id}` : sql``;
  const allowed = sql`posts.status = 'published' and (posts.visibility in (${sql.join(visibilities)}) ${own})`;
  let rows: Array<{ id: string; title: string; slug: string; snippet: string; handle: string; display_name: string; published_at: string }>;
  if (ctx.db.dialect === 'postgres') {
    const result = await sql<(typeof rows)[number]>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        ts_headline('english', posts.body_text, websearch_to_tsquery('english', ${query}),
          ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=12, MaxFragments=1`}) as snippet
      from posts join users on users.id = posts.author_id
      where posts.search @@ websearch_to_tsquery('english', ${query}) and ${allowed}
      order by ts_rank(posts.search, websearch_to_tsquery('english', ${query})) desc, posts.published_at desc
      limit ${limit}`.execute(ctx.db.kysely);
    rows = result.rows;
  } else {
    const match = ftsQuery(query);
    if (!match) return [];
    const result = await sql<(typeof rows)[number]>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        snippet(posts_fts, 1, ${OPEN}, ${CLOSE}, '…', 24) as snippet
      from posts_fts join posts on posts.rowid = posts_fts.rowid join users on users.id = posts.author_id
      where posts_fts match ${match} and ${allowed}
      order by bm25(posts_fts, 5.0, 1.0), posts.published_at desc
      limit ${limit}`.execute(ctx.db.kysely);
    rows = result.rows;
  }
  return rows.map((r) => ({
    type: 'post',
    id: r.id,
    title: r.title,
    url: `${ctx.config.baseUrl}/@${r.handle}/${r.slug}`,
    snippet: markedToHtml(r.snippet ?? ''),
    author: { handle: r.handle, name: r.display_name },
    publishedAt: r.published_at,
  }));
}
