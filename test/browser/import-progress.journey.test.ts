import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';

/** A WordPress export of a few MB, so the upload reports progress on its way. */
function writeExport(file: string, posts: number): void {
  const filler = 'the long tail of an archive '.repeat(40);
  const items = Array.from(
    { length: posts },
    (_, i) => `<item><title>Archived ${i + 1}</title><guid isPermaLink="false">https://old.example.org/?p=${i + 1}</guid>
<content:encoded><![CDATA[<p>Post ${i + 1}. ${filler}</p>]]></content:encoded><wp:post_id>${i + 1}</wp:post_id><wp:post_date_gmt>2012-03-04 10:00:00</wp:post_date_gmt>
<wp:post_name>archived-${i + 1}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`,
  );
  const padding = Array.from(
    { length: 1500 },
    (_, i) =>
      `<item><title>a${i}</title><wp:post_id>${100000 + i}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[${'m'.repeat(3000)}]]></wp:meta_value></wp:postmeta></item>`,
  );
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old blog</title><link>https://old.example.org</link><wp:wxr_version>1.2</wp:wxr_version>\n${items.join('\n')}\n${padding.join('\n')}\n</channel></rss>\n`,
  );
}

describe.runIf(browserAvailable)('journey: importing a blog export with a progress bar', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commonplace-import-'));
    file = path.join(dir, 'old-blog.xml');
    writeExport(file, 40);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function signUp(page: Page, handle: string) {
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Your name').fill('Archivist');
    await page.getByLabel('Handle').fill(handle);
    await page.getByLabel('Email address').fill(`${handle}@example.org`);
    await page.getByLabel('Password').fill('shelves of quiet evenings');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
  }

  it('shows upload progress up to 100% and then the summary in a live region', { timeout: 60_000 }, async () => {
    const page = await (await browser.newContext()).newPage();
    await signUp(page, 'arch_ivist');
    await page.goto(`${server.url}/blog/import`);
    await expectAccessible(page);
    expect(await page.locator('#import-progress').isHidden()).toBe(true);
    // Record every value the bar takes.
    await page.evaluate(() => {
      const bar = document.getElementById('import-bar') as HTMLProgressElement;
      (window as unknown as { seen: number[] }).seen = [];
      new MutationObserver(() => (window as unknown as { seen: number[] }).seen.push(bar.value)).observe(bar, {
        attributes: true,
        childList: true,
      });
    });
    await page.getByLabel('Export file (.xml or .atom)').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    const status = page.getByRole('status').filter({ hasText: /WordPress export/ });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('imported 40 posts');
    expect(await page.locator('#import-bar').evaluate((b) => (b as HTMLProgressElement).value)).toBe(100);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen[0]).toBe(0); // the bar started empty and was driven by the upload's progress
    expect(seen.at(-1)).toBe(100);
    expect(await page.getByLabel('Upload progress').isVisible()).toBe(true);
    expect(await page.locator('#import-status').getAttribute('aria-live')).toBe('polite');
    expect(page.url()).toBe(`${server.url}/blog/import`); // no page load: the script did it
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Go to your blog' }).click();
    await page.waitForURL(`${server.url}/@arch_ivist`);
    expect(await page.getByRole('link', { name: 'Archived 40' }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('still imports with script turned off: the plain form posts and the blog shows the summary', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    await signUp(page, 'no_script');
    await page.goto(`${server.url}/blog/import`);
    await page.getByLabel('Export file (.xml or .atom)').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(`${server.url}/@no_script`);
    expect(await page.locator('.flash').textContent()).toContain('imported 40 posts');
    // (axe needs script, so this page is checked in the journey above, which ends on the same blog.)
    expect(await page.getByRole('link', { name: 'Archived 40' }).count()).toBe(1);
  });
});
