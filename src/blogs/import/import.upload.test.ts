import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember } from '../../dev-data/factories.ts';
import { describeEachDatabase } from '../../../test/support/harness.ts';

const POSTS = 300;
const TARGET_BYTES = 30 * 1024 * 1024;

/**
 * A WordPress export of about 30 MB shaped like real ones: a few hundred posts with comments, and
 * the bulk in attachment items whose serialized `_wp_attachment_metadata` runs long.
 */
async function writeLargeWxr(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big archive</title><link>https://big.example.org</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example.org</wp:base_site_url>
`);
  const words = 'catalogue shelf reader archive index folio margin quire binding vellum '.repeat(20);
  for (let i = 1; i <= POSTS; i++) {
    await write(`<item><title>Post ${i}</title><link>https://big.example.org/${i}</link><guid isPermaLink="false">https://big.example.org/?p=${i}</guid>
<content:encoded><![CDATA[<p>${words}</p>]]></content:encoded><wp:post_id>${i}</wp:post_id><wp:post_date_gmt>2015-01-01 10:00:00</wp:post_date_gmt>
<wp:post_name>post-${i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>${i * 10}</wp:comment_id><wp:comment_author>Reader</wp:comment_author><wp:comment_date_gmt>2015-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>Thanks for post ${i}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
`);
  }
  const meta = `a:5:{s:5:"width";i:4000;s:6:"height";i:3000;s:4:"file";s:20:"2015/01/photo-x.jpg";s:5:"sizes";a:1:{s:9:"thumbnail";a:4:{s:4:"file";s:21:"photo-x-150x150.jpg";s:5:"width";i:150;s:6:"height";i:150;s:9:"mime-type";s:10:"image/jpeg";}}s:10:"image_meta";a:1:{s:7:"caption";s:2000:"${'x'.repeat(2000)}";}}`;
  let n = POSTS;
  while (out.bytesWritten + out.writableLength < TARGET_BYTES) {
    n += 1;
    await write(`<item><title>photo-${n}</title><guid isPermaLink="false">https://big.example.org/?attachment_id=${n}</guid><wp:post_id>${n}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[${meta}]]></wp:meta_value></wp:postmeta></item>
`);
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'close');
  return fs.statSync(file).size;
}

// A full collection before each reading, so it shows what is held rather than garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** Memory still in use: the JS heap plus buffers outside it. */
const live = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/**
 * A multipart body that reads the file from disk as it is sent, as a browser's upload does;
 * `onSent` runs once the server has pulled the file's last byte (before it answers).
 */
function multipartFromFile(file: string, boundary: string, onSent: () => void): { body: ReadableStream<Uint8Array>; length: number } {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xml"\r\nContent-Type: application/xml\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  async function* parts() {
    yield new Uint8Array(head);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) yield new Uint8Array(chunk as Buffer);
    // Asked for the closing boundary: every byte of the file has been taken in.
    onSent();
    yield new Uint8Array(tail);
  }
  const it = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, length };
}

let dir: string;
let file: string;
let size: number;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-wxr-'));
  file = path.join(dir, 'big.xml');
  size = await writeLargeWxr(file);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeEachDatabase('importing a large upload through the page', (h) => {
  it('streams a 30 MB export to a temporary file and imports it without holding it in memory', async () => {
    expect(size).toBeGreaterThan(TARGET_BYTES - 1024);
    await createMember(h().ctx, { handle: 'big_importer', password: 'a long enough passphrase' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'big_importer', password: 'a long enough passphrase' });

    const upload = (_name: string, body: ReadableStream<Uint8Array>, length: number) =>
      agent.request('/blog/import', {
        method: 'POST',
        body,
        duplex: 'half',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
          accept: 'application/json',
        },
      } as RequestInit);
    const boundary = '----commonplace-test-boundary';
    // A small import first, so one-time costs (code paths, caches) are not counted against the big one.
    const warm = multipartFromFile(path.join(import.meta.dirname, '../../../test/fixtures/wordpress-1.2.xml'), boundary, () => {});
    expect((await upload('warm', warm.body, warm.length)).status).toBe(200);

    const liveBefore = live();
    let liveWhenReceived = 0;
    const { body, length } = multipartFromFile(file, boundary, () => {
      liveWhenReceived = live();
    });
    const res = await upload('big', body, length);

    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.summary).toMatchObject({ format: 'wordpress', posts: POSTS, comments: POSTS });
    expect(answer.summary.skipped).toBeGreaterThan(5000);
    expect(answer.url).toBe('/@big_importer');
    // Generous margins; a buffered upload (Request.formData(), c.req.parseBody()) holds all 30 MB
    // at the moment the body is in (measured: +31 MB and more), streamed it holds a few chunks.
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    expect(liveWhenReceived, 'the upload was read to its end').toBeGreaterThan(0);
    // Live memory, not RSS: RSS moves with allocator pages and collection timing (it grew 28 MB once in a
    // parallel CI run with nothing buffered), while a buffered upload shows in live memory every time.
    expect(
      liveWhenReceived - liveBefore,
      `live memory grew by ${mb(liveWhenReceived - liveBefore)} once a ${mb(size)} upload was in`,
    ).toBeLessThan(size * 0.5);
    // How much the import itself holds is the benchmarks' business (npm run bench), not this test's.
    // The temporary file is gone.
    expect(fs.readdirSync(path.join(h().dataDir, 'tmp'))).toEqual([]);
  }, 120_000);

  it('refuses an upload over 100 MB as it streams, and leaves no temporary file', async () => {
    await createMember(h().ctx, { handle: 'huge_importer', password: 'a long enough passphrase' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'huge_importer', password: 'a long enough passphrase' });
    const boundary = 'b0undary';
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    // No Content-Length: the cap is enforced while reading, not from a header.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(
            new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.xml"\r\n\r\n<rss>`),
          );
        sent += 1;
        if (sent > 110) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await agent.request('/blog/import', {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('100 MB');
    expect(sent).toBeLessThan(110);
    expect(fs.readdirSync(path.join(h().dataDir, 'tmp'))).toEqual([]);
  });
});
