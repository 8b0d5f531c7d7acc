import { expressionBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { relationsIn } from '../relations.ts';
import type { Viewer } from './posts.policy.ts';
import { visibleTo } from './posts.queries.ts';

// Control characters cannot come from a post's text (htmlToText drops them), so they mark matches safely.
export const MATCH_OPEN = '\u0002';
export const MATCH_CLOSE = '\u0003';

export interface SearchRow {
  id: string;
  title: string;
  slug: string;
  /** The post's text around the matches, each between MATCH_OPEN and MATCH_CLOSE; not escaped. */
  snippet: string;
  handle: string;
  display_name: string;
  published_at: string;
}

/** Words from what a person typed, each quoted for FTS5 so no operator syntax leaks through. */
function ftsQuery(q: string): string | undefined {
  const words = q.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 12);
  return words?.length ? words.map((w) => `"${w}"`).join(' ') : undefined;
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
 * RANKED_MATCHES matches, newest first beyond. Snippets mark the matches on both.
 */
export async function matchingPosts(db: Db, viewer: Viewer, query: string, limit: number): Promise<SearchRow[]> {
  // The one visibility rule, as an expression over `posts` to put into the raw statements below.
  const allowed = sql`posts.status = 'published' and ${visibleTo(relationsIn(db), viewer)(expressionBuilder<Database, 'posts'>())}`;
  let rows: SearchRow[];
  if (db.dialect === 'postgres') {
    const tsquery = sql`websearch_to_tsquery('english', ${query})`;
    // How many posts match, as the planner estimates from its statistics of the lexemes: counting
    // them reads each match's stored tsvector (~20 µs each, 40–80 ms for a common word over 200,000
    // posts), where the estimate takes ~1 ms.
    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`
      explain (format json) select 1 from posts where posts.search @@ ${tsquery}`.execute(db.kysely);
    const estimated = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
    const order =
      estimated > RANKED_MATCHES ? sql`posts.published_at desc` : sql`ts_rank(posts.search, ${tsquery}) desc, posts.published_at desc`;
    const result = await sql<SearchRow>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        ts_headline('english', posts.body_text, ${tsquery},
          ${`StartSel=${MATCH_OPEN}, StopSel=${MATCH_CLOSE}, MaxWords=30, MinWords=12, MaxFragments=1`}) as snippet
      from posts join users on users.id = posts.author_id
      where posts.search @@ ${tsquery} and ${allowed}
      order by ${order}
      limit ${limit}`.execute(db.kysely);
    rows = result.rows;
  } else {
    const match = ftsQuery(query);
    if (!match) return [];
    // FTS5 walks a term's matches in rowid (insertion) order and can stop early: counting up to the
    // threshold and listing newest first are both cheap; only scoring reads every match.
    const many = await sql<{ n: number }>`
      select count(*) as n from (select rowid from posts_fts where posts_fts match ${match} order by rowid desc limit ${RANKED_MATCHES + 1})`.execute(
      db.kysely,
    );
    const order =
      Number(many.rows[0]?.n ?? 0) > RANKED_MATCHES ? sql`posts_fts.rowid desc` : sql`bm25(posts_fts, 5.0, 1.0), posts.published_at desc`;
    const result = await sql<SearchRow>`
      select posts.id, posts.title, posts.slug, posts.published_at, users.handle, users.display_name,
        snippet(posts_fts, 1, ${MATCH_OPEN}, ${MATCH_CLOSE}, '…', 24) as snippet
      from posts_fts join posts on posts.rowid = posts_fts.rowid join users on users.id = posts.author_id
      where posts_fts match ${match} and ${allowed}
      order by ${order}
      limit ${limit}`.execute(db.kysely);
    rows = result.rows;
  }
  return rows;
}
