import sanitizeHtml from 'sanitize-html';

/** Small HTML helpers for feed content: to plain text, to an excerpt, relative URLs made absolute. */

const ESCAPES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

/** The text of an HTML fragment (scripts and styles dropped), entities decoded once, spaces collapsed. */
export function htmlToText(html: string): string {
  const text = sanitizeHtml(html.replace(/<\/(p|div|li|h[1-6]|blockquote|pre)>|<br\s*\/?>/gi, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
  });
  return text
    .replace(/&(lt|gt|quot|#39|amp);/g, (m) => ESCAPES[m]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text as HTML: escaped, paragraphs kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** At most `max` characters of text, cut at a word, with an ellipsis when cut. */
export function excerptOf(text: string, max = 280): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

function absolute(value: string, base: string): string {
  const v = value.trim();
  if (!v || v.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(v)) return value;
  try {
    return new URL(v, base).href;
  } catch {
    return value;
  }
}

const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite', 'action', 'longdesc'];

/**
 * Rewrites relative URLs in HTML against `base` (the entry's xml:base or the feed's final URL).
 * Keeps every tag: this is not sanitising, which happens afterwards.
 */
export function resolveHtmlUrls(html: string, base: string | undefined): string {
  if (!base || !/(href|src|poster|cite|srcset)\s*=/i.test(html)) return html;
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemes: ['http', 'https', 'mailto', 'tel', 'data', 'javascript', 'ftp'],
    transformTags: {
      '*': (tagName, attribs) => {
        const out: Record<string, string> = { ...attribs };
        for (const name of URL_ATTRIBUTES) if (out[name] !== undefined) out[name] = absolute(out[name], base);
        if (out.srcset !== undefined) {
          out.srcset = out.srcset
            .split(',')
            .map((part) => {
              const [url, ...rest] = part.trim().split(/\s+/);
              return [absolute(url ?? '', base), ...rest].join(' ');
            })
            .join(', ');
        }
        return { tagName, attribs: out };
      },
    },
  });
}
