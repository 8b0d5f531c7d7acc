import { children, textOf, type XNode } from './xml-tree.ts';
import { autoParagraphs, toInstant, type ImportedComment, type ImportedPost } from './model.ts';

/**
 * One item of a WordPress WXR export (1.0–1.2): posts and pages with their comments. Attachments,
 * menus, revisions, trashed and auto-drafts are left out; so are unapproved, spam and
 * pingback/trackback comments.
 */
export function readWordPressItem(item: XNode, siteKey: string): ImportedPost | undefined {
  const type = textOf(item, 'wp:post_type') || 'post';
  if (type !== 'post' && type !== 'page') return undefined;
  const wpStatus = textOf(item, 'wp:status') || 'publish';
  if (wpStatus === 'trash' || wpStatus === 'auto-draft' || wpStatus === 'inherit') return undefined;
  const id = textOf(item, 'wp:post_id') || textOf(item, 'guid');
  const published =
    toInstant(textOf(item, 'wp:post_date_gmt')) ?? toInstant(textOf(item, 'pubDate')) ?? toInstant(textOf(item, 'wp:post_date'));
  const tags = children(item, 'category')
    .filter((c) => !c.attrs.domain || ['category', 'post_tag', 'tag'].includes(c.attrs.domain))
    .map((c) => c.text.trim() || c.attrs.nicename || '')
    .filter((t) => t && t.toLowerCase() !== 'uncategorized');
  const comments: ImportedComment[] = [];
  for (const c of children(item, 'wp:comment')) {
    const approved = textOf(c, 'wp:comment_approved');
    const kind = textOf(c, 'wp:comment_type');
    if (approved !== '1' || (kind && kind !== 'comment')) continue;
    const parent = textOf(c, 'wp:comment_parent');
    const url = textOf(c, 'wp:comment_author_url');
    comments.push({
      key: `wxr:${siteKey}:c:${textOf(c, 'wp:comment_id')}`,
      parentKey: parent && parent !== '0' ? `wxr:${siteKey}:c:${parent}` : null,
      authorName: textOf(c, 'wp:comment_author') || 'Anonymous',
      authorUrl: /^https?:\/\//.test(url) ? url : null,
      html: autoParagraphs(textOf(c, 'wp:comment_content')),
      publishedAt:
        toInstant(textOf(c, 'wp:comment_date_gmt')) ?? toInstant(textOf(c, 'wp:comment_date')) ?? published ?? new Date(0).toISOString(),
    });
  }
  return {
    key: `wxr:${siteKey}:${id}`,
    title: textOf(item, 'title'),
    html: autoParagraphs(textOf(item, 'content:encoded')),
    status: wpStatus === 'publish' || wpStatus === 'private' ? 'published' : 'draft',
    visibility: wpStatus === 'private' ? 'private' : 'public',
    publishedAt: published,
    updatedAt: toInstant(textOf(item, 'wp:post_modified_gmt')),
    tags,
    slugHint: textOf(item, 'wp:post_name') || null,
    kind: type,
    comments,
  };
}
