import sanitizeHtml from 'sanitize-html';

/**
 * The one HTML sanitiser: every piece of member-written or imported HTML passes through here before
 * it is stored or served. An allow-list: what is not named below does not survive — no script,
 * no event handler, no style attribute, no iframe/object/embed/form/svg/math, no `javascript:` or
 * `data:` URL however it is spelled. Links get rel="nofollow ugc noopener".
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'small',
    'mark',
    'abbr',
    'cite',
    'q',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'span',
    'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    abbr: ['title'],
    ol: ['start', 'reversed'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[a-z0-9_+-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Dropped with everything inside them, not just their tags.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'template',
    'svg',
    'math',
    'iframe',
    'object',
    'embed',
    'xmp',
    'noembed',
    'noframes',
    'head',
  ],
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

export interface SanitiseOptions {
  /** Resolve relative link and image URLs against this address (HTML from another site). */
  readonly baseUrl?: string;
}

/** Member-written, imported or fetched HTML, made safe to serve. */
export function sanitiseHtml(html: string, extra: SanitiseOptions = {}): string {
  if (!extra.baseUrl) return sanitizeHtml(html, options);
  const base = extra.baseUrl;
  const absolute = (value: string | undefined): string | undefined => {
    if (!value) return value;
    try {
      return new URL(value, base).href;
    } catch {
      return undefined;
    }
  };
  return sanitizeHtml(html, {
    ...options,
    transformTags: {
      // Outside content's top headings would break the page's outline.
      h1: 'h2',
      a: (tagName, attribs) => {
        const href = absolute(attribs.href);
        return { tagName, attribs: { ...attribs, ...(href ? { href } : {}), rel: 'nofollow ugc noopener' } };
      },
      img: (tagName, attribs) => {
        const src = absolute(attribs.src);
        // Outside images load only when scrolled to: fewer requests to other sites for a reader.
        return { tagName, attribs: { ...attribs, ...(src ? { src } : {}), loading: 'lazy' } };
      },
    },
  });
}

/** The text of some HTML (scripts and styles dropped), entities decoded once, whitespace collapsed: for search, excerpts and feed summaries. */
export function htmlToText(html: string): string {
  return (
    sanitizeHtml(html.replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)>|<br\s*\/?>/gi, '$& '), { allowedTags: [], allowedAttributes: {} })
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      // Control characters carry no meaning in prose (and search uses two of them as match markers).
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** At most `max` characters of text, cut at a word, with an ellipsis (and no dangling punctuation) when cut. */
export function excerpt(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
