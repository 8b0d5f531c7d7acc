import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown to safe HTML: markdown-it with raw HTML off, then sanitize-html with a short allow-list
 * (http/https/mailto links only, external links get rel=nofollow noopener). The only HTML a page
 * may print with raw() is what comes out of here.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h2', 'h3', 'h4', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del'],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['scope'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    // A brief's own headings sit under the page's h1/h2: start them at h3.
    h1: 'h3',
    h2: 'h3',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), options);
}
