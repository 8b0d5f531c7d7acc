import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { ExternalBlogsTable, ExternalMatchStatus, ExternalPostsTable } from '../db/schema.ts';
import type { PostEvent } from '../events.ts';
import { newId } from '../ids.ts';
import { findPost, insertExternalPost, storedEntries, updatePost } from './blogs.queries.ts';
import { matchPostToThing, type ThingCandidate } from './matching.ts';
import type { NormalisedEntry } from './normalise.ts';
import { sanitiseExternalHtml } from './sanitise-external.ts';
import { thingDirectory } from './thing-directory.ts';

/**
 * Brings a feed's entries into external_posts: each entry lands once (deduplicated by id, then
 * link, then title + date), an edited entry updates its copy, and every new or edited post is
 * announced as `post.published` (source 'external') with the Thing it was matched to, or null.
 */

type Blog = Pick<ExternalBlogsTable, 'id' | 'user_id'>;
type Existing = Pick<
  ExternalPostsTable,
  'id' | 'guid' | 'url' | 'title' | 'published_at' | 'content_hash' | 'match_status' | 'thing_programme' | 'thing_number' | 'dedup_key'
>;

export interface IngestResult {
  readonly added: number;
  readonly updated: number;
}

function dedupKey(entry: NormalisedEntry, publishedAt: string): string {
  if (entry.id) return `id:${entry.id}`;
  if (entry.url) return `url:${entry.url}`;
  return `tt:${entry.title}|${publishedAt}`;
}

/** The stored copy of this entry, if any: by id, then link, then title + date. */
function findExisting(entry: NormalisedEntry, rows: readonly Existing[]): Existing | undefined {
  if (entry.id) {
    const byId = rows.find((r) => r.guid === entry.id);
    if (byId) return byId;
  }
  if (entry.url) {
    const byUrl = rows.find((r) => r.url === entry.url && (r.guid === null || entry.id === null));
    if (byUrl) return byUrl;
  }
  if (entry.publishedAt)
    return rows.find((r) => r.title === entry.title && r.published_at === entry.publishedAt && (r.guid === null || entry.id === null));
  return undefined;
}

function hashOf(entry: NormalisedEntry): string {
  return createHash('sha256')
    .update(JSON.stringify([entry.title, entry.url, entry.contentHtml, entry.summaryHtml, entry.tags, entry.updatedAt]))
    .digest('base64url');
}

export function postEvent(
  row: Pick<
    ExternalPostsTable,
    'id' | 'user_id' | 'title' | 'url' | 'excerpt' | 'published_at' | 'tags' | 'thing_programme' | 'thing_number'
  >,
  fallbackUrl: string,
): PostEvent {
  return {
    postId: row.id,
    authorId: row.user_id,
    title: row.title,
    url: row.url ?? fallbackUrl,
    excerpt: row.excerpt,
    // A post on the open web is public there; it is shown here as an excerpt and a link home.
    visibility: 'public',
    publishedAt: row.published_at,
    thing: row.thing_programme !== null && row.thing_number !== null ? { programme: row.thing_programme, number: row.thing_number } : null,
    source: 'external',
    tags: JSON.parse(row.tags) as string[],
  };
}

interface MatchFields {
  thing_programme: string | null;
  thing_number: number | null;
  match_status: ExternalMatchStatus;
  match_rule: string | null;
  candidates: string | null;
}

function matchFields(entry: NormalisedEntry, things: readonly ThingCandidate[]): MatchFields {
  const result = matchPostToThing({ title: entry.title, tags: entry.tags, contentHtml: entry.contentHtml ?? entry.summaryHtml }, things);
  if (result.status === 'matched') {
    return {
      thing_programme: result.thing.programme,
      thing_number: result.thing.number,
      match_status: 'matched',
      match_rule: result.rule,
      candidates: null,
    };
  }
  if (result.status === 'ambiguous') {
    const offered = result.candidates.map((c) => ({ programme: c.programme, number: c.number, title: c.title }));
    return {
      thing_programme: null,
      thing_number: null,
      match_status: 'ambiguous',
      match_rule: result.rule,
      candidates: JSON.stringify(offered),
    };
  }
  return { thing_programme: null, thing_number: null, match_status: 'unmatched', match_rule: null, candidates: null };
}

/** Announces without letting one listener's failure stop the poll. */
async function announce(
  ctx: AppContext,
  name: 'post.published' | 'post.withdrawn',
  payload: PostEvent | { postId: string; authorId: string },
): Promise<void> {
  try {
    if (name === 'post.published') await ctx.events.emit(name, payload as PostEvent);
    else await ctx.events.emit(name, payload);
  } catch (error) {
    ctx.log.warn({ err: error, postId: payload.postId, event: name }, 'external post event handler failed');
  }
}

export async function ingestEntries(
  ctx: AppContext,
  blog: Blog,
  entries: readonly NormalisedEntry[],
  feedUrl: string,
): Promise<IngestResult> {
  if (entries.length === 0) return { added: 0, updated: 0 };
  const now = ctx.clock.now().toISOString();
  const rows = await storedEntries(ctx.db, blog.id);
  let things: readonly ThingCandidate[] | undefined;
  const candidates = async () => (things ??= await thingDirectory(ctx).thingsForMember(ctx, blog.user_id));
  let added = 0;
  let updated = 0;
  const seenKeys = new Set<string>();
  for (const entry of entries) {
    const existing = findExisting(entry, rows);
    const hash = hashOf(entry);
    if (existing && existing.content_hash === hash) continue;
    const base = entry.url ?? entry.baseUrl;
    const content = entry.contentHtml ?? entry.summaryHtml;
    const fields = {
      guid: entry.id,
      url: entry.url,
      title: entry.title.slice(0, 500),
      excerpt: entry.excerpt,
      content_html: content ? sanitiseExternalHtml(content, base) : null,
      content_hash: hash,
      tags: JSON.stringify(entry.tags),
      updated_at: entry.updatedAt,
    };
    if (existing) {
      // The member's own choice (assigned/unassigned) stands through edits; the rules run again otherwise.
      const manual = existing.match_status === 'assigned' || existing.match_status === 'unassigned';
      const match = manual ? {} : matchFields(entry, await candidates());
      await updatePost(ctx.db, existing.id, { ...fields, ...match });
      Object.assign(existing, { content_hash: hash });
      updated += 1;
      const row = (await findPost(ctx.db, existing.id))!;
      // A post that stops answering its Thing (or moves to another) is withdrawn from the old one first.
      const moved =
        existing.thing_programme !== null &&
        (row.thing_programme !== existing.thing_programme || row.thing_number !== existing.thing_number);
      if (moved) await announce(ctx, 'post.withdrawn', { postId: row.id, authorId: row.user_id });
      Object.assign(existing, { thing_programme: row.thing_programme, thing_number: row.thing_number, match_status: row.match_status });
      await announce(ctx, 'post.published', postEvent(row, feedUrl));
      continue;
    }
    const publishedAt = entry.publishedAt ?? entry.updatedAt ?? now;
    const key = dedupKey(entry, publishedAt);
    if (seenKeys.has(key) || rows.some((r) => r.dedup_key === key)) continue;
    seenKeys.add(key);
    const row: ExternalPostsTable = {
      id: newId(),
      blog_id: blog.id,
      user_id: blog.user_id,
      dedup_key: key,
      ...fields,
      published_at: publishedAt,
      first_seen_at: now,
      ...matchFields(entry, await candidates()),
    };
    await insertExternalPost(ctx.db, row);
    rows.push(row);
    added += 1;
    await announce(ctx, 'post.published', postEvent(row, feedUrl));
  }
  return { added, updated };
}
