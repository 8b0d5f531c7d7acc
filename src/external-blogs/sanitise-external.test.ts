import { describe, expect, it } from 'vitest';
import { sanitiseExternalHtml } from './sanitise-external.ts';

describe('sanitising external HTML', () => {
  const clean = (html: string) => sanitiseExternalHtml(html, 'https://blog.example/2026/post/');

  it('removes scripts, handlers, styles, frames, forms and dangerous URLs', () => {
    const out = clean(
      '<p onclick="x()" style="color:red">Hi<script>alert(1)</script></p><iframe src="https://evil.example"></iframe>' +
        '<object data="x"></object><form action="/steal"><input name="p"></form><style>p{}</style>' +
        '<a href="javascript:alert(1)">js</a><a href="JaVaScRiPt&colon;alert(1)">js2</a><img src="data:image/png;base64,AAAA" alt="d">' +
        '<svg><script>x</script></svg><a href="vbscript:x">vb</a>',
    );
    expect(out).not.toMatch(/script|onclick|style|iframe|object|form|input|javascript|data:|vbscript|svg/i);
    expect(out).toContain('<p>Hi</p>');
  });

  it('keeps ordinary markup, makes links absolute and marks them nofollow ugc noopener', () => {
    const out = clean('<h1>Title</h1><p>See <a href="../other">this</a> and <img src="pic.png" alt="A pic"></p>');
    expect(out).toBe(
      '<h2>Title</h2><p>See <a href="https://blog.example/2026/other" rel="nofollow ugc noopener">this</a> and <img src="https://blog.example/2026/post/pic.png" alt="A pic" loading="lazy" /></p>',
    );
  });

  it('replaces a rel the feed set, never keeps target', () => {
    expect(clean('<a href="https://x.example/" rel="follow" target="_blank">x</a>')).toBe(
      '<a href="https://x.example/" rel="nofollow ugc noopener">x</a>',
    );
  });
});
