import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../ui/escape.ts';

/** Small HTML helpers for feed content: plain text as HTML, relative URLs made absolute. */

/** Plain text as HTML: escaped, paragraphs kept. */
export function textToHtml(text: string): string {
  return escapeHtml(text)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
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
