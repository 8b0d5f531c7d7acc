/** What an export holds, whatever its format: the readers build this, the importer saves it. */
export interface ImportedComment {
  /** The source's own id for the comment: keeps a second import from adding it again. */
  readonly key: string;
  readonly parentKey: string | null;
  readonly authorName: string;
  readonly authorUrl: string | null;
  readonly html: string;
  readonly publishedAt: string;
}

export interface ImportedPost {
  readonly key: string;
  readonly title: string;
  readonly html: string;
  readonly status: 'published' | 'draft';
  readonly visibility: 'public' | 'private';
  readonly publishedAt: string | null;
  readonly updatedAt: string | null;
  readonly tags: string[];
  /** A slug the source used (WordPress post_name, Blogger file name), reused when free. */
  readonly slugHint: string | null;
  /** Posts and pages alike become posts; this says which it was. */
  readonly kind: 'post' | 'page';
  readonly comments: ImportedComment[];
}

export interface ImportedBlog {
  readonly format: 'blogger' | 'blogger-takeout' | 'wordpress';
  readonly title: string;
  readonly posts: ImportedPost[];
  /** Entries of kinds we do not bring in (attachments, menus, templates, spam…). */
  readonly skipped: number;
}

/** A date from an export as an ISO instant, or null. A date without an offset is taken as UTC. */
export function toInstant(value: string | undefined | null): string | null {
  if (!value) return null;
  const v = value.trim();
  if (!v || v.startsWith('0000-00-00')) return null;
  const isoLocal = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(:\d\d)?)$/.exec(v);
  const ms = isoLocal ? Date.parse(`${isoLocal[1]}T${isoLocal[2]}Z`) : Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** WordPress stores paragraphs as blank lines; give them back their <p> when the HTML has no blocks. */
export function autoParagraphs(html: string): string {
  if (/<(p|div|h[1-6]|ul|ol|blockquote|pre|table|figure)\b/i.test(html)) return html;
  return html
    .split(/\r?\n\s*\r?\n/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
}
