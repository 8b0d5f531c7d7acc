import type { AppContext } from '../context.ts';
import type { FeedEntry, FeedSource } from '../ui/feeds-out.ts';
import type { PostWithAuthor } from './posts.queries.ts';
import { excerpt } from '../markup/sanitise.ts';
import { coverOf } from './media.service.ts';

/** Our own images pasted with a site-relative address get the site's origin: readers live elsewhere. */
function absoluteMedia(ctx: AppContext, html: string): string {
  return html.replace(/(<img\b[^>]*\bsrc=")\/media\//g, `$1${ctx.config.baseUrl}/media/`);
}

/** Posts as feed entries (only ever public posts go into feeds). */
export function postEntries(ctx: AppContext, posts: readonly PostWithAuthor[]): FeedEntry[] {
  return posts.map((p) => {
    const url = `${ctx.config.baseUrl}/@${p.author_handle}/${p.slug}`;
    const published = new Date(p.published_at ?? p.created_at);
    const cover = coverOf(ctx, p);
    return {
      id: url,
      url,
      title: p.title,
      html: absoluteMedia(ctx, p.html),
      summary: excerpt(p.body_text, 400),
      published,
      updated: new Date(p.edited_at ?? p.published_at ?? p.updated_at),
      author: { name: p.author_name, url: `${ctx.config.baseUrl}/@${p.author_handle}` },
      tags: p.tags,
      ...(cover ? { image: { url: cover.url, type: 'image/webp', length: p.cover_bytes ?? 0 } } : {}),
    };
  });
}

export function memberFeed(
  ctx: AppContext,
  member: { handle: string; display_name: string },
  posts: readonly PostWithAuthor[],
): FeedSource {
  const site = `${ctx.config.baseUrl}/@${member.handle}`;
  return {
    title: `${member.display_name} on Commonplace`,
    description: `Public posts by ${member.display_name} (@${member.handle})`,
    siteUrl: site,
    feedBase: `${site}/feed`,
    author: { name: member.display_name, url: site },
    entries: postEntries(ctx, posts),
  };
}

export function tagFeed(ctx: AppContext, tag: string, posts: readonly PostWithAuthor[]): FeedSource {
  const site = `${ctx.config.baseUrl}/tags/${encodeURIComponent(tag)}`;
  return {
    title: `Posts tagged #${tag} on Commonplace`,
    description: `Public posts tagged #${tag}`,
    siteUrl: site,
    feedBase: `${site}/feed`,
    entries: postEntries(ctx, posts),
  };
}

export function streamFeed(ctx: AppContext, posts: readonly PostWithAuthor[]): FeedSource {
  const site = `${ctx.config.baseUrl}/posts`;
  return {
    title: 'Recent posts on Commonplace',
    description: 'The newest public posts by every member',
    siteUrl: site,
    feedBase: `${site}/feed`,
    entries: postEntries(ctx, posts),
  };
}
