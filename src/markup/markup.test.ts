import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';
import { htmlToText, sanitiseHtml } from './sanitise.ts';

describe('markup', () => {
  it('keeps a brief under the page headings when asked', () => {
    expect(renderMarkdown('# Big\n\n## Less\n\n#### Small', { topHeading: 3 })).toBe('<h3>Big</h3>\n<h3>Less</h3>\n<h4>Small</h4>\n');
    expect(renderMarkdown('# Big')).toBe('<h1>Big</h1>\n');
  });

  it('drops control characters from text, which search uses to mark matches', () => {
    expect(htmlToText('<p>a\u0002b\u0003c\u0000</p><p>next</p>')).toBe('abc next');
  });

  it('resolves links and images of outside HTML against its address, lazily loaded', () => {
    expect(
      sanitiseHtml('<h1>T</h1><a href="../x">x</a><img src="p.png" onerror="alert(1)">', { baseUrl: 'https://blog.example/a/b/' }),
    ).toBe(
      '<h2>T</h2><a href="https://blog.example/a/x" rel="nofollow ugc noopener">x</a><img src="https://blog.example/a/b/p.png" loading="lazy" />',
    );
  });
});
