import MarkdownIt from 'markdown-it';
import { sanitiseHtml } from './sanitise.ts';

// Raw HTML in Markdown is shown as text (html: false); links are validated by markdown-it and again
// by the sanitiser.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

/** Markdown as safe HTML: rendered, then through the one sanitiser. */
export function renderMarkdown(source: string): string {
  return sanitiseHtml(md.render(source));
}
