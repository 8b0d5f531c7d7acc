import type { AppContext } from '../context.ts';
import { escapeHtml } from '../ui/escape.ts';
import type { Viewer } from './posts.policy.ts';
import { MATCH_CLOSE, MATCH_OPEN, matchingPosts } from './search.queries.ts';

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

function markedToHtml(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0001\u0004-\u0008]/g, ''))
    .replaceAll(MATCH_OPEN, '<mark>')
    .replaceAll(MATCH_CLOSE, '</mark>');
}

/** The published posts the viewer may read that match `q`, best first (see matchingPosts), with marked snippets. */
export async function searchPosts(ctx: AppContext, viewer: Viewer, q: string, limit = 20): Promise<SearchHit[]> {
  const query = q.trim().slice(0, 200);
  if (!query) return [];
  const rows = await matchingPosts(ctx.db, viewer, query, limit);
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
