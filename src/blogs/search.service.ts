import { expressionBuilder, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { relationsIn } from '../relations.ts';
import type { Viewer } from './posts.policy.ts';
import { visibleTo } from './posts.queries.ts';

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
 * Past this many matches, the newest matching posts come first instead of the best scored. Scoring
 * reads every match: a word used in most posts (on a library site, "library") cost 0.8 s over
 * 200,000 posts, where the newest matches take under a millisecond. Fewer matches are ranked.
 * (PostgreSQL goes by its statistics' estimate, so a word becomes "common" once the table is analysed.)
 */
const RANKED_MATCHES = 1000;

/**
 * Full-text search over the published posts the viewer may read: SQLite FTS5 with bm25 (titles weigh
 * more) or PostgreSQL's tsvector with websearch_to_tsquery and ts_rank; best first up to
 * RANKED_MATCHES matches, newest first beyond. Snippets highlight the matches on both.
 */
export async function searchPosts(ctx: AppContext, viewer: Viewer, q: string, limit = 20): Promise<SearchHit[]> {
  const query = q.trim().slice(0, 200);
  if (!query) return [];
  // The one visibility rule, as an expression over `posts` to put into the raw statements below.
  const allowed = sql`posts.status = 'published' and ${visibleTo(relationsIn(ctx.db), viewer)(expressionBuilder<Database, 'posts'>())}`;
  let rows: Array<{ id: string; title: string; slug: string; snippet: string; handle: string; display_name: string; published_at: string }>;
  if (ctx.db.dialect === 'postgres') {
    const tsquery = sql`websearch_to_tsquery('english', ${query})`;
    // How many posts match, as the planner estimates from its statistics of the lexemes: counting
    // them reads each match's stored tsvector (~20 µs each, 40–80 ms for a common word over 200,000
    // posts), where the estimate takes ~1 ms.
    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
      explain (format json) select 1 from posts where posts.search @@ ${tsquery}`.execute(ctx.db.kysely);
    const estimated = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
    const order =
      estimated > RANKED_MATCHES ? sql`posts.published_at desc` : sql`ts_rank(posts.search, ${tsquery}) desc, posts.published_at desc`;
    const result = await sql<(typeof rows)[number]>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        ts_headline('english', posts.body_text, ${tsquery},
          ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=12, MaxFragments=1`}) as snippet
      from posts join users on users.id = posts.author_id
      where posts.search @@ ${tsquery} and ${allowed}
      order by ${order}
      limit ${limit}`.execute(ctx.db.kysely);
    rows = result.rows;
  } else {
    const match = ftsQuery(query);
    if (!match) return [];
    // FTS5 walks a term's matches in rowid (insertion) order and can stop early: counting up to the
    // threshold and listing newest first are both cheap; only scoring reads every match.
    const many = await sql<{ n: number }>`
      select count(*) as n from (select rowid from posts_fts where posts_fts match ${match} order by rowid desc limit ${RANKED_MATCHES + 1})`.execute(
      ctx.db.kysely,
    );
    const order =
      Number(many.rows[0]?.n ?? 0) > RANKED_MATCHES ? sql`posts_fts.rowid desc` : sql`bm25(posts_fts, 5.0, 1.0), posts.published_at desc`;
    const result = await sql<(typeof rows)[number]>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        snippet(posts_fts, 1, ${OPEN}, ${CLOSE}, '…', 24) as snippet
      from posts_fts join posts on posts.rowid = posts_fts.rowid join users on users.id = posts.author_id
      where posts_fts match ${match} and ${allowed}
      order by ${order}
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
