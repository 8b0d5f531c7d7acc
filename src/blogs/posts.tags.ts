import { tags } from '../cache/index.ts';

/**
 * Where a post shows, as cache tags: its own page and every list or feed it is in (those carry
 * `post:ID`), its author's lists and tag counts, and the lists it may join or leave (the public
 * stream, its tags' pages). A change to the post itself drops these; pass the old and new tags.
 */
export function postShownIn(post: { id: string; author_id: string }, ...tagLists: ReadonlyArray<readonly string[]>): string[] {
  const onTags = new Set(tagLists.flat());
  return [tags.post(post.id), tags.member(post.author_id), tags.feed('posts'), ...[...onTags].map((tag) => tags.feed(`tag:${tag}`))];
}

/** What lists of posts show: each post they hold, and the list itself (which a new post may join). */
export function listShows(list: string, posts: ReadonlyArray<{ id: string }>): string[] {
  return [list, ...posts.map((p) => tags.post(p.id))];
}

/** The tag of the public stream and of a tag's page, which new and changed posts join. */
export const streamTag = tags.feed('posts');
export const tagPageTag = (tag: string) => tags.feed(`tag:${tag}`);
