import MarkdownIt from 'markdown-it';
import { sanitiseHtml } from './sanitise.ts';

// Raw HTML in Markdown is shown as text (html: false); links are validated by markdown-it and again
// by the sanitiser.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

export interface MarkdownOptions {
  /**
   * The highest heading level the text may use, for text shown under a page's own headings
   * (a Thing's brief starts at h3). Higher headings are lowered to it.
   */
  readonly topHeading?: 1 | 2 | 3;
}

/** Markdown as safe HTML: rendered, then through the one sanitiser. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  const key = `${options.topHeading ?? 1}\n${source}`;
  const kept = rendered.get(key);
  if (kept !== undefined) return kept;
  const html = render(source, options);
  if (source.length <= MEMO_MAX_SOURCE) {
    if (rendered.size >= MEMO_ENTRIES) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, html);
  }
  return html;
}

// Briefs and other texts shown on every view of a page are rendered once: parsing and sanitising
// cost more than the rest of such a page. Rendering is pure, so a kept result is always right.
const rendered = new Map<string, string>();
const MEMO_ENTRIES = 500;
const MEMO_MAX_SOURCE = 20_000;

function render(source: string, options: MarkdownOptions): string {
  let html = md.render(source);
  const top = options.topHeading ?? 1;
  if (top > 1)
    html = html.replace(
      /<(\/?)h([1-6])>/g,
      (_m, close: string, level: string) => `<${close}h${Math.min(6, Math.max(Number(level), top))}>`,
    );
  return sanitiseHtml(html);
}
