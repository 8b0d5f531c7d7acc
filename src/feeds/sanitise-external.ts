import sanitizeHtml from 'sanitize-html';

/**
 * THE SEAM for the one sanitiser. Every piece of HTML that comes from an external feed passes
 * here before it is stored or shown. At merge this delegates to `src/blogs/sanitise.ts` (the
 * blogs capability's sanitiser, the one used for posts written here), keeping the extra rules
 * below for outside content: links get rel="nofollow ugc noopener", relative URLs resolve against
 * `baseUrl`. Until then it is a strict sanitize-html allow-list of its own.
 */
const allowedTags = [
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'abbr', 'q', 'cite',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
];

export function sanitiseExternalHtml(html: string, baseUrl: string): string {
  const absolute = (value: string | undefined): string | undefined => {
    if (!value) return value;
    try {
      return new URL(value, baseUrl).href;
    } catch {
      return undefined;
    }
  };
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      abbr: ['title'],
      q: ['cite'],
      blockquote: ['cite'],
      th: ['scope', 'colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      ol: ['start', 'reversed'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    // script, style, iframe, object, form and the like go with their content.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = absolute(attribs.href);
        return { tagName, attribs: { ...attribs, ...(href ? { href } : {}), rel: 'nofollow ugc noopener' } };
      },
      img: (tagName, attribs) => {
        const src = absolute(attribs.src);
        return { tagName, attribs: { ...attribs, ...(src ? { src } : {}), loading: 'lazy' } };
      },
      // Feeds' own top-level headings would break the page's outline: h1 becomes h2.
      h1: 'h2',
    },
  });
}
