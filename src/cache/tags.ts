/**
 * The names of what a cached entry was made from. A reader tags its entry with everything it shows;
 * a write names what it changed; the two meet on these names, so both sides build them here.
 */
export const tags = {
  /** One post: its page, and every list or feed it appears in. */
  post: (postId: string) => `post:${postId}`,
  /** A member's own pages and lists (her blog, her tag pages, her feeds) and what shows her name. */
  member: (userId: string) => `member:${userId}`,
  /** A programme's pages: its Things, its cohort, its participants' standings. */
  programme: (programmeId: string) => `programme:${programmeId}`,
  /** One Thing's page, with the posts answering it. */
  thing: (thingId: string) => `thing:${thingId}`,
  /** A list or feed that a new post may join: `feed('posts')`, `feed('tag:' + tag)`. */
  feed: (name: string) => `feed:${name}`,
  /** The unread-notification count shown to one member. */
  unread: (userId: string) => `unread:${userId}`,
  /** Every entry made from one table, dropped by any write to it that names nothing narrower. */
  table: (name: string) => `table:${name}`,
} as const;

/**
 * Carried by entries whose dependencies nobody declared: every write that changes something a reader
 * sees drops them (the safe default), however narrow its tags.
 */
export const ANY_WRITE = 'any-write';
