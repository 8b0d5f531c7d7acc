// A WordPress export (WXR 1.2) for the import benchmark: `posts` published posts sharing `comments`
// approved comments, every second one a reply to an earlier comment on the same post (threads),
// with tags, categories, HTML bodies and the odd entity, written to a file as WordPress writes one.
import fs from 'node:fs';

const words = (
  'library catalogue reading archive reflection network mentor chartership metadata learning community ' +
  'programme blog feed privacy profile evidence practice question curiosity shelf record search index journal'
).split(' ');

function phrase(seed: number, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[(seed * 31 + i * 17 + ((seed >> 3) ^ i)) % words.length]!);
  return out.join(' ');
}

const cdata = (text: string) => `<![CDATA[${text}]]>`;

function wpDate(at: number): { local: string; gmt: string; rfc: string } {
  const iso = new Date(at).toISOString().replace('T', ' ').slice(0, 19);
  return { local: iso, gmt: iso, rfc: new Date(at).toUTCString().replace('GMT', '+0000') };
}

/** Writes the export to `file`; answers its size in bytes. */
export async function writeWxr(file: string, options: { posts: number; comments: number }): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>A librarian's notebook</title>
  <link>https://notebook.example.org</link>
  <description>Benchmark blog</description>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://notebook.example.org</wp:base_site_url>
  <wp:base_blog_url>https://notebook.example.org</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('notebook')}</wp:author_login><wp:author_display_name>${cdata('Notebook Author')}</wp:author_display_name></wp:author>
  <wp:tag><wp:term_id>2</wp:term_id><wp:tag_slug>${cdata('cpd23')}</wp:tag_slug><wp:tag_name>${cdata('cpd23')}</wp:tag_name></wp:tag>
`);
  const start = Date.UTC(2014, 0, 1);
  let commentId = 1;
  for (let p = 0; p < options.posts; p++) {
    // Spread the comments evenly, the remainder on the first posts.
    const share = Math.floor(options.comments / options.posts) + (p < options.comments % options.posts ? 1 : 0);
    const at = wpDate(start + p * 6 * 3600_000);
    const title = `${phrase(p, 4)} (${p + 1})`;
    const paragraphs = Array.from({ length: 4 }, (_, i) => `<p>${phrase(p + i, 40)} &amp; ${phrase(p * 3 + i, 12)}.</p>`).join('\n');
    const comments: string[] = [];
    const first = commentId;
    for (let c = 0; c < share; c++) {
      const id = commentId++;
      // Every second comment replies to an earlier one on the same post, so threads nest.
      const parent = c % 2 === 1 ? first + ((p + c) % c) : 0;
      const cat = wpDate(start + p * 6 * 3600_000 + (c + 1) * 600_000);
      comments.push(`    <wp:comment>
      <wp:comment_id>${id}</wp:comment_id>
      <wp:comment_author>${cdata(`Reader ${id % 97}`)}</wp:comment_author>
      <wp:comment_author_email>${cdata(`reader${id % 97}@example.org`)}</wp:comment_author_email>
      <wp:comment_author_url>https://reader${id % 97}.example.org/</wp:comment_author_url>
      <wp:comment_date>${cat.local}</wp:comment_date>
      <wp:comment_date_gmt>${cat.gmt}</wp:comment_date_gmt>
      <wp:comment_content>${cdata(`${phrase(id, 18)}.\n\nThank you for ${phrase(id + 1, 5)}.`)}</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>${parent}</wp:comment_parent>
    </wp:comment>`);
    }
    await write(`  <item>
    <title>${cdata(title)}</title>
    <link>https://notebook.example.org/${p + 1}/</link>
    <pubDate>${at.rfc}</pubDate>
    <dc:creator>${cdata('notebook')}</dc:creator>
    <guid isPermaLink="false">https://notebook.example.org/?p=${p + 1}</guid>
    <description></description>
    <content:encoded>${cdata(paragraphs)}</content:encoded>
    <excerpt:encoded>${cdata('')}</excerpt:encoded>
    <wp:post_id>${p + 1}</wp:post_id>
    <wp:post_date>${cdata(at.local)}</wp:post_date>
    <wp:post_date_gmt>${cdata(at.gmt)}</wp:post_date_gmt>
    <wp:post_modified_gmt>${cdata(at.gmt)}</wp:post_modified_gmt>
    <wp:post_name>${cdata(`post-${p + 1}`)}</wp:post_name>
    <wp:status>${cdata('publish')}</wp:status>
    <wp:post_type>${cdata('post')}</wp:post_type>
    <category domain="category" nicename="reflection">${cdata('Reflection')}</category>
    <category domain="post_tag" nicename="cpd23">${cdata('cpd23')}</category>
${comments.join('\n')}
  </item>
`);
  }
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return fs.statSync(file).size;
}
