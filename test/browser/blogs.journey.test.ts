import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';

describe.runIf(browserAvailable)(
  'journey: a member writes with preview and publishes; another comments; the author replies and deletes a comment',
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let browser: Browser;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    async function signUp(page: Page, name: string, handle: string) {
      await page.goto(`${server.url}/sign-up`);
      await page.getByLabel('Your name').fill(name);
      await page.getByLabel('Handle').fill(handle);
      await page.getByLabel('Email address').fill(`${handle}@example.org`);
      await page.getByLabel('Password').fill('shelves of quiet evenings');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${server.url}/`);
    }

    it('walks through writing, commenting, replying and deleting', { timeout: 90_000 }, async () => {
      const author = await (await browser.newContext()).newPage();
      await signUp(author, 'Wren Author', 'wren_writes');
      await author.getByRole('link', { name: 'Write' }).click();
      await expectAccessible(author);
      await author.getByLabel('Title').fill('Thing 1: why I blog');
      await author.getByLabel('Body').fill('I write to **think**, and to hear back.\n\n- one\n- two');
      await author.getByLabel('Tags (optional)').fill('reflection, Thing 1');
      await author.getByRole('button', { name: 'Preview' }).click();
      await expect.poll(() => author.locator('.preview strong').textContent()).toBe('think');
      expect(await author.getByLabel('Title').inputValue()).toBe('Thing 1: why I blog');
      await expectAccessible(author);
      await author.getByRole('button', { name: 'Publish' }).click();
      await author.waitForURL(`${server.url}/@wren_writes/thing-1-why-i-blog`);
      expect(await author.getByRole('heading', { level: 1 }).textContent()).toBe('Thing 1: why I blog');
      await expectAccessible(author);

      // A day later (the first-comment hold is for accounts younger than a day, so the author approves).
      const reader = await (await browser.newContext()).newPage();
      await signUp(reader, 'Kit Reader', 'kit_reads');
      await reader.goto(`${server.url}/posts`);
      await expectAccessible(reader);
      await reader.getByRole('link', { name: 'Thing 1: why I blog' }).click();
      await reader.getByLabel('Add a comment').fill('This made me want to start _again_.');
      await reader.getByRole('button', { name: 'Post comment' }).click();
      await expect.poll(() => reader.locator('.flash').textContent()).toContain('approves');
      await expectAccessible(reader);

      await author.reload();
      await author.getByRole('button', { name: /Approve/ }).click();
      await expect.poll(() => author.locator('.comment').count()).toBe(1);
      await author.locator('summary', { hasText: 'Reply to Kit Reader' }).click();
      await author.getByLabel('Your reply to Kit Reader').fill('Thank you, Kit!');
      await author.getByRole('button', { name: 'Post reply' }).click();
      await expect.poll(() => author.locator('.replies .comment').count()).toBe(1);
      await expectAccessible(author);

      await reader.reload();
      expect(await reader.locator('.replies .comment').textContent()).toContain('Thank you, Kit!');
      // The author deletes the reader's comment: it stays as a placeholder above the reply.
      await author.getByRole('button', { name: 'Delete comment by Kit Reader' }).click();
      await expect.poll(() => author.locator('.comment-deleted').textContent()).toContain('This comment was deleted.');
      expect(await author.locator('.replies .comment').textContent()).toContain('Thank you, Kit!');
      await expectAccessible(author);

      await author.goto(`${server.url}/@wren_writes`);
      await expectAccessible(author);
      await author.goto(`${server.url}/search?q=think`);
      await expect.poll(() => author.locator('.search-results mark').first().textContent()).toBe('think');
      await expectAccessible(author);
      await author.goto(`${server.url}/tags/reflection`);
      await expectAccessible(author);
      await author.goto(`${server.url}/blog/settings`);
      await expectAccessible(author);
      await author.goto(`${server.url}/blog/import`);
      await expectAccessible(author);
      await author.goto(`${server.url}/@wren_writes/thing-1-why-i-blog/edit`);
      await expectAccessible(author);
    });
  },
);
