import { escapeHtml } from '../../ui/escape.ts';
import { child, children, textOf, type XNode } from './xml-tree.ts';
import { autoParagraphs, toInstant, type ImportedComment, type ImportedPost } from './model.ts';

const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';

export interface BloggerEntry {
  readonly post?: ImportedPost;
  readonly comment?: ImportedComment & { postKey: string };
  readonly skipped?: boolean;
}

/** `tag:blogger.com,1999:blog-12.post-34` → `34`. */
function numericId(id: string): string {
  return /post-(\d+)$/.exec(id)?.[1] ?? /(\d+)\/?$/.exec(id)?.[1] ?? id;
}

function slugFromUrl(url: string | undefined): string | null {
  const last = url
    ?.split('/')
    .pop()
    ?.replace(/\.html?$/, '');
  return last ? last : null;
}

function contentHtml(entry: XNode): string {
  const content = child(entry, 'content');
  if (!content) return '';
  const type = content.attrs.type ?? 'text';
  return type === 'text' ? autoParagraphs(escapeHtml(content.text)) : content.text;
}

function author(entry: XNode): { name: string; url: string | null } {
  const a = child(entry, 'author');
  const name = a ? textOf(a, 'name') : '';
  const uri = a ? textOf(a, 'uri') : '';
  return { name: name && name !== 'Anonymous' ? name : name || 'Anonymous', url: /^https?:\/\//.test(uri) ? uri : null };
}

/**
 * One entry of a Blogger export: the classic Atom export (kinds as `g/2005#kind` categories,
 * drafts in app:control, comments with thr:in-reply-to) or the Takeout feed.atom (blogger:type,
 * blogger:status, blogger:parent).
 */
export function readBloggerEntry(entry: XNode, blogKey: string): BloggerEntry {
  const id = textOf(entry, 'id');
  const takeoutType = textOf(entry, 'blogger:type').toUpperCase();
  const kindTerm = children(entry, 'category').find((c) => c.attrs.scheme === KIND_SCHEME)?.attrs.term ?? '';
  const kind = takeoutType ? takeoutType.toLowerCase() : (/#(\w+)$/.exec(kindTerm)?.[1] ?? '');
  const status = textOf(entry, 'blogger:status').toUpperCase();
  if (status === 'DELETED' || status === 'SOFT_TRASHED' || status === 'SPAM') return { skipped: true };
  const published = toInstant(textOf(entry, 'published')) ?? toInstant(textOf(entry, 'blogger:created'));
  const updated = toInstant(textOf(entry, 'updated'));

  if (kind === 'post' || kind === 'page') {
    const control = child(entry, 'app:control');
    const draft = status === 'DRAFT' || (control !== undefined && textOf(control, 'app:draft').toLowerCase() === 'yes');
    const alternate = children(entry, 'link').find((l) => l.attrs.rel === 'alternate')?.attrs.href;
    const filename = textOf(entry, 'blogger:filename');
    const tags = children(entry, 'category')
      .filter((c) => c.attrs.scheme !== KIND_SCHEME && c.attrs.term)
      .map((c) => c.attrs.term!);
    return {
      post: {
        key: `blogger:${blogKey}:${numericId(id)}`,
        title: textOf(entry, 'title'),
        html: contentHtml(entry),
        status: draft ? 'draft' : 'published',
        visibility: 'public',
        publishedAt: published,
        updatedAt: updated,
        tags,
        slugHint: slugFromUrl(filename || alternate),
        kind: kind === 'page' ? 'page' : 'post',
        comments: [],
      },
    };
  }
  if (kind === 'comment') {
    // The post: thr:in-reply-to (classic) or blogger:parent (Takeout).
    const postRef = child(entry, 'thr:in-reply-to')?.attrs.ref ?? textOf(entry, 'blogger:parent');
    // The parent comment: a "related" link (classic) or blogger:inReplyTo (Takeout).
    const related = children(entry, 'link').find((l) => l.attrs.rel === 'related')?.attrs.href;
    const parentRef = textOf(entry, 'blogger:inReplyTo') || related;
    if (!postRef) return { skipped: true };
    const who = author(entry);
    return {
      comment: {
        postKey: `blogger:${blogKey}:${numericId(postRef)}`,
        key: `blogger:${blogKey}:c:${numericId(id)}`,
        parentKey: parentRef ? `blogger:${blogKey}:c:${numericId(parentRef)}` : null,
        authorName: who.name,
        authorUrl: who.url,
        html: contentHtml(entry),
        publishedAt: published ?? updated ?? new Date(0).toISOString(),
      },
    };
  }
  return { skipped: true };
}

/** `tag:blogger.com,1999:blog-123` → `123`. */
export function bloggerBlogKey(feedId: string): string {
  return /blog-(\d+)/.exec(feedId)?.[1] ?? feedId;
}
