import { escapeXml } from '../ui/escape.ts';
/**
 * OPML 2.0 of a programme's participant blogs (for `/programmes/{slug}/blogs.opml`, which the
 * programmes merge wires up: it knows who takes part). Pure: blogs in, XML text out.
 */
export interface OpmlBlog {
  /** The participant's display name or handle, shown as the outline's text. */
  readonly text: string;
  readonly feedUrl: string;
  readonly siteUrl: string | null;
  readonly title?: string;
}

export interface OpmlDocument {
  readonly title: string;
  /** An instant; written as RFC 822 as OPML wants. */
  readonly createdAt: string;
  readonly ownerName?: string;
  /** The document's own address (OPML 2.0 `docs`/`ownerId` are optional; we give the URL). */
  readonly url?: string;
  readonly blogs: readonly OpmlBlog[];
}

export function renderOpml(doc: OpmlDocument): string {
  const outlines = doc.blogs
    .map((b) => {
      const attrs = [
        `text="${escapeXml(b.text)}"`,
        ...(b.title ? [`title="${escapeXml(b.title)}"`] : []),
        'type="rss"',
        `xmlUrl="${escapeXml(b.feedUrl)}"`,
        ...(b.siteUrl ? [`htmlUrl="${escapeXml(b.siteUrl)}"`] : []),
      ];
      return `    <outline ${attrs.join(' ')}/>`;
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(doc.title)}</title>`,
    `    <dateCreated>${new Date(doc.createdAt).toUTCString()}</dateCreated>`,
    ...(doc.ownerName ? [`    <ownerName>${escapeXml(doc.ownerName)}</ownerName>`] : []),
    ...(doc.url ? [`    <ownerId>${escapeXml(doc.url)}</ownerId>`] : []),
    '    <docs>https://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
    ...(outlines ? [outlines] : []),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
