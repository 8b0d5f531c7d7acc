import { describe, expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { importBlog, readExport } from './import/import.service.ts';
import { renderMarkdown } from '../markup/markdown.ts';
import { sanitiseHtml } from '../markup/sanitise.ts';

/** Vectors gathered from the usual XSS cheat sheets and the sanitiser's own issue history. */
const vectors = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<img src="jav&#x09;ascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
  '<a href="//evil.example/">protocol-relative</a>',
  '<div onclick="alert(1)">click</div>',
  '<p onmouseover="alert(1)" style="background:url(javascript:alert(1))">hover</p>',
  '<body onload=alert(1)>',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href="javascript:alert(1)">CLICK</math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<div style="width: expression(alert(1))">ie</div>',
  '<div style="behavior: url(xss.htc)">ie</div>',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<<script>alert(1);//<</script>',
  '<img """><script>alert(1)</script>">',
  '<a href="x" onclick="alert(1)"<b>nested</a></b>',
  '<p><a href="https://ok.example/"><p onclick=alert(1)>unclosed',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<a href="https://ok.example/" target="_blank" rel="opener">ok</a>',
];

/**
 * What must never survive in HTML we serve. Text is escaped (a "<" in text is "&lt;"), so every
 * literal "<" starts a real tag: those are what we inspect.
 */
function expectHarmless(html: string, vector: string) {
  const banned =
    /^(script|iframe|object|embed|form|style|svg|math|link|meta|base|input|button|video|audio|source|template|body|details|xmp|noscript|frame|frameset|applet)$/;
  for (const [, close, name, attrs] of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const lower = attrs!.toLowerCase();
    expect(name!.toLowerCase(), vector).not.toMatch(banned);
    expect(lower, vector).not.toMatch(/(^|\s)on[a-z]+\s*=/);
    expect(lower, vector).not.toMatch(/(^|\s)style\s*=/);
    expect(lower, vector).not.toMatch(
      /(href|src|action|data|background|srcdoc|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data|jav&)/,
    );
    expect(lower, vector).not.toMatch(/(href|src)\s*=\s*["']?\/\//);
    if (name!.toLowerCase() === 'a' && !close) expect(attrs, vector).toContain('rel="nofollow ugc noopener"');
  }
}

describe('the sanitiser', () => {
  it.each(vectors)('leaves nothing live of %s', (vector) => {
    expectHarmless(sanitiseHtml(vector), vector);
    expectHarmless(renderMarkdown(vector), vector);
    expectHarmless(renderMarkdown(`[click me](${vector.replace(/[()]/g, '')})`), vector);
  });

  it('keeps ordinary writing intact', () => {
    expect(sanitiseHtml('<p>A <a href="https://example.org/">link</a> and <img src="https://example.org/a.png" alt="a"></p>')).toBe(
      '<p>A <a href="https://example.org/" rel="nofollow ugc noopener">link</a> and <img src="https://example.org/a.png" alt="a" /></p>',
    );
    expect(renderMarkdown('## Heading\n\n```js\nlet a = 1 < 2;\n```')).toBe(
      '<h2>Heading</h2>\n<pre><code class="language-js">let a = 1 &lt; 2;\n</code></pre>\n',
    );
  });
});

describeEachDatabase('sanitising on every way in', (h) => {
  it('posts, comments and imports serve none of the vectors', async () => {
    const member = await createMember(h().ctx, { handle: 'xss_tester' });
    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'xss_tester', password: member.password })).json()).token;
    h().clock.advance(2 * 24 * 3_600_000);
    const all = vectors.join('\n\n');
    const { id } = await (
      await agent.api('POST', '/posts', { title: 'Vectors <script>alert(1)</script>', body: all, status: 'published' })
    ).json();
    const post = await (await agent.api('GET', `/posts/${id}`)).json();
    expectHarmless(post.html, 'post via API');
    for (const v of vectors.slice(0, 8)) expect((await agent.api('POST', `/posts/${id}/comments`, { body: v })).status).toBe(201);
    h().clock.advance(20 * 60_000); // past the comment rate window
    for (const v of vectors.slice(8)) {
      const res = await agent.api('POST', `/posts/${id}/comments`, { body: v });
      if (res.status === 429) h().clock.advance(11 * 60_000);
      else expect(res.status).toBe(201);
    }
    const comments = (await (await agent.api('GET', `/posts/${id}/comments`)).json()).items;
    for (const c of comments) expectHarmless(c.html, 'comment');
    const page = await (await h().agent().get(new URL(post.url).pathname)).text();
    // The page serves exactly the sanitised HTML, and no vector text escapes into the title.
    expect(page).toContain(`<div class="post-body">${post.html}</div>`);
    expect(page).toContain('<h1>Vectors &lt;script&gt;alert(1)&lt;/script&gt;</h1>');

    // Through the importer: every vector as a WordPress post body and comment.
    const items = vectors
      .map(
        (v, i) => `<item><title>v${i}</title><content:encoded><![CDATA[${v}]]></content:encoded><wp:post_id>${i + 1}</wp:post_id>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_date_gmt>2011-01-01 00:00:00</wp:post_date_gmt>
<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_author>x</wp:comment_author><wp:comment_content><![CDATA[${v}]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment></item>`,
      )
      .join('\n')
      .replace(/\]\]>(?=.*\]\]><\/)/g, ']]]]><![CDATA[>');
    const wxr = `<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>x</title><wp:wxr_version>1.2</wp:wxr_version>${items}</channel></rss>`;
    const summary = await importBlog(
      h().ctx,
      member,
      await readExport(
        (async function* () {
          yield wxr;
        })(),
        'xss.xml',
      ),
    );
    expect(summary.posts).toBe(vectors.length);
    const imported = await h()
      .ctx.db.kysely.selectFrom('posts')
      .select(['html'])
      .where('source', '=', 'import')
      .where('author_id', '=', member.id)
      .execute();
    for (const p of imported) expectHarmless(p.html, 'imported post');
    const importedComments = await h().ctx.db.kysely.selectFrom('comments').select('html').where('source_key', 'is not', null).execute();
    expect(importedComments.length).toBeGreaterThanOrEqual(vectors.length);
    for (const c of importedComments) expectHarmless(c.html, 'imported comment');
  });
});
