import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { insertsWithin } from '../../db/bulk.ts';
import { newId } from '../../ids.ts';
import { findPostsByIds } from '../posts.queries.ts';
import { normaliseTags, slugify } from '../posts.schemas.ts';
import { postEvent } from '../posts.service.ts';
import { htmlToText, sanitiseHtml } from '../../markup/sanitise.ts';
import { bloggerBlogKey, readBloggerEntry } from './blogger.ts';
import { decodeXmlChunks } from '../../markup/decode.ts';
import type { ImportedBlog, ImportedComment, ImportedPost } from './model.ts';
import { readWordPressItem } from './wordpress.ts';
import { streamEntries, textOf } from './xml-tree.ts';
import { earlierImports } from './import.queries.ts';

export interface ImportSummary {
  readonly format: ImportedBlog['format'];
  readonly posts: number;
  readonly drafts: number;
  readonly pages: number;
  readonly comments: number;
  /** Posts and comments already brought in by an earlier import of the same blog. */
  readonly alreadyThere: number;
  /** Entries of kinds we leave out (attachments, spam, deleted…). */
  readonly skipped: number;
}

/**
 * Reads a Blogger (classic or Takeout) or WordPress WXR export from a stream of text, one entry at
 * a time. Throws an AppError naming what is wrong and where for a file that is not well-formed or
 * not an export we know.
 */
export async function readExport(text: AsyncIterable<string>, fileName: string): Promise<ImportedBlog> {
  let format: ImportedBlog['format'] | undefined;
  let rootName = '';
  let title = '';
  let blogKey = '';
  let wxr = false;
  let skipped = 0;
  const posts = new Map<string, ImportedPost>();
  const bloggerComments: Array<ImportedComment & { postKey: string }> = [];

  await streamEntries(text, {
    fileName,
    onRoot(root) {
      rootName = root.name;
      if (root.name === 'feed') format = 'blogger';
      else if (root.name === 'rss') format = 'wordpress';
      else
        throw new AppError(
          'unprocessable',
          `This is not a Blogger or WordPress export: the file starts with <${root.name}>, where a Blogger export starts with <feed> and a WordPress export with <rss>.`,
        );
    },
    isEntry: (name, depth) => (format !== 'wordpress' ? name === 'entry' && depth === 1 : name === 'item' && depth === 2),
    onHeader(node) {
      if (format !== 'wordpress' && node.name === 'id' && !blogKey) blogKey = bloggerBlogKey(node.text.trim());
      if (format !== 'wordpress' && node.name === 'title' && !title) title = node.text.trim();
      if (format === 'wordpress') {
        if (node.name === 'wp:wxr_version') wxr = true;
        if (node.name === 'title' && !title) title = node.text.trim();
        if ((node.name === 'wp:base_site_url' || node.name === 'link') && !blogKey)
          blogKey = node.text
            .trim()
            .replace(/^https?:\/\//, '')
            .replace(/\/+$/, '');
      }
    },
    onEntry(entry) {
      if (format !== 'wordpress') {
        if (!blogKey) throw new AppError('unprocessable', 'This Atom feed has no <id> before its entries, so it is not a Blogger export.');
        if (textOf(entry, 'blogger:type')) format = 'blogger-takeout';
        const read = readBloggerEntry(entry, blogKey);
        if (read.post) posts.set(read.post.key, read.post);
        else if (read.comment) bloggerComments.push(read.comment);
        else skipped += 1;
      } else {
        const hasWp = entry.children.some((c) => c.name.startsWith('wp:'));
        if (!hasWp && !wxr)
          throw new AppError(
            'unprocessable',
            'This is an RSS feed, not a WordPress export: its items have no wp: elements (export from WordPress under Tools → Export).',
          );
        wxr = true;
        const post = readWordPressItem(entry, blogKey || 'site');
        if (post) posts.set(post.key, post);
        else skipped += 1;
      }
    },
  });
  if (!format) throw new AppError('unprocessable', 'The file is empty.');
  if (format === 'blogger' && !blogKey.match(/^\d+$/) && posts.size === 0) {
    throw new AppError('unprocessable', `This Atom feed (<${rootName}>) is not a Blogger export: it has no Blogger posts or comments.`);
  }
  if (format === 'wordpress' && !wxr)
    throw new AppError('unprocessable', 'This RSS file is not a WordPress export: it has no wp:wxr_version and no WordPress items.');
  for (const c of bloggerComments) {
    const post = posts.get(c.postKey);
    if (post) post.comments.push(c);
    else skipped += 1;
  }
  return { format, title, posts: [...posts.values()], skipped };
}

/** Reads an export file from disk, streaming; `onProgress` gets bytes read and the file's size. */
export async function readExportFile(file: string, onProgress?: (read: number, total: number) => void): Promise<ImportedBlog> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('not_found', `There is no file at ${file}.`);
  }
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let read = 0;
  async function* bytes() {
    for await (const chunk of stream) {
      read += (chunk as Buffer).length;
      onProgress?.(read, stat.size);
      yield chunk as Buffer;
    }
  }
  try {
    return await readExport(decodeXmlChunks(bytes()), path.basename(file));
  } finally {
    stream.destroy();
  }
}

/** Comments ordered so that every parent comes before its replies. */
function parentsFirst(comments: readonly ImportedComment[]): ImportedComment[] {
  const keys = new Set(comments.map((c) => c.key));
  const byParent = new Map<string | null, ImportedComment[]>();
  for (const c of comments) {
    const p = c.parentKey && keys.has(c.parentKey) && c.parentKey !== c.key ? c.parentKey : null;
    byParent.set(p, [...(byParent.get(p) ?? []), c]);
  }
  const out: ImportedComment[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const c of (byParent.get(parent) ?? []).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      out.push(c);
      walk(c.key);
    }
  };
  walk(null);
  // A loop of parents (a broken file) still gets its comments, as top-level ones.
  for (const c of comments) if (!seen.has(c.key)) out.push({ ...c, parentKey: null });
  return out;
}

/**
 * Saves an export into a member's blog in one transaction: all of it or none. Posts and comments
 * already imported (by their source ids) are left alone, so importing twice adds nothing. Imported
 * posts keep their dates and are never announced: post.published goes out with source 'import'.
 */
export async function importBlog(ctx: AppContext, member: { id: string }, blog: ImportedBlog): Promise<ImportSummary> {
  const now = ctx.clock.now().toISOString();
  const counts = { posts: 0, drafts: 0, pages: 0, comments: 0, alreadyThere: 0 };
  const published: string[] = [];
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { posts: existing, comments: earlierComments } = await earlierImports(trx, member.id);
    const slugs = new Set(existing.map((p) => p.slug));
    const byKey = new Map(existing.filter((p) => p.source_key).map((p) => [p.source_key!, p.id]));
    // Comments an earlier import brought in, by post then source id.
    const commentsByPost = new Map<string, Map<string, string>>();
    for (const c of earlierComments) {
      let ofPost = commentsByPost.get(c.post_id);
      if (!ofPost) commentsByPost.set(c.post_id, (ofPost = new Map()));
      ofPost.set(c.source_key!, c.id);
    }
    const inserts = insertsWithin(ctx.db, trx);
    const posts = inserts.table('posts');
    const tags = inserts.table('post_tags', [posts]);
    const comments = inserts.table('comments', [posts]);
    for (const post of blog.posts) {
      let postId = byKey.get(post.key);
      if (postId) {
        counts.alreadyThere += 1;
      } else {
        postId = newId();
        const html = sanitiseHtml(post.html);
        const text = htmlToText(html);
        const title = post.title.trim() || (text ? text.split(' ').slice(0, 8).join(' ') : 'Untitled post');
        const base = slugify(post.slugHint || title);
        let slug = base;
        for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
        slugs.add(slug);
        const at = post.publishedAt ?? post.updatedAt ?? now;
        await posts.push({
          id: postId,
          author_id: member.id,
          slug,
          title: title.slice(0, 200),
          body: html,
          body_format: 'html',
          html,
          body_text: text,
          status: post.status,
          visibility: post.visibility,
          comments: 'default',
          thing_programme: null,
          thing_number: null,
          source: 'import',
          source_key: post.key,
          published_at: post.status === 'published' ? at : null,
          edited_at: null,
          created_at: at,
          updated_at: post.updatedAt ?? at,
          cover_media_id: null,
        });
        for (const tag of normaliseTags(post.tags)) await tags.push({ post_id: postId, tag });
        if (post.status === 'draft') counts.drafts += 1;
        else counts.posts += 1;
        if (post.kind === 'page') counts.pages += 1;
        if (post.status === 'published') published.push(postId);
      }
      const commentIds = commentsByPost.get(postId) ?? new Map<string, string>();
      for (const c of parentsFirst(post.comments)) {
        if (commentIds.has(c.key)) {
          counts.alreadyThere += 1;
          continue;
        }
        const id = newId();
        const html = sanitiseHtml(c.html);
        await comments.push({
          id,
          subject_type: 'post',
          subject_id: postId,
          parent_id: c.parentKey ? (commentIds.get(c.parentKey) ?? null) : null,
          author_id: null,
          author_name: c.authorName.slice(0, 200),
          author_url: c.authorUrl,
          body: htmlToText(html),
          html,
          status: 'visible',
          source_key: c.key,
          created_at: c.publishedAt,
          edited_at: null,
          deleted_at: null,
        });
        commentIds.set(c.key, id);
        counts.comments += 1;
      }
    }
    await inserts.flush();
  });
  // Its batched raw inserts pass beside the write watch: a whole blog came in, so drop everything.
  ctx.cache.invalidateAll();
  for (const post of await findPostsByIds(ctx.db, published)) await ctx.events.emit('post.published', postEvent(ctx, post));
  return { format: blog.format, ...counts, skipped: blog.skipped };
}

/** One line for people: what came in. */
export function describeSummary(s: ImportSummary): string {
  const kind =
    s.format === 'wordpress' ? 'WordPress export' : s.format === 'blogger-takeout' ? 'Blogger (Takeout) export' : 'Blogger export';
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return (
    `${kind}: imported ${n(s.posts, 'post')} and ${n(s.drafts, 'draft')} (${n(s.pages, 'page')} among them), ${n(s.comments, 'comment')}; ` +
    `${s.alreadyThere} already imported before; ${n(s.skipped, 'entry')} left out.`.replace('entrys', 'entries')
  );
}
