import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';
import { startFeedFarm, type FeedFarm } from '../support/feed-farm.ts';

/**
 * A member enrolled in the demo programme registers the blog she already has (served by the test
 * on loopback; FEED_ALLOW_PRIVATE lets the server fetch only that address), confirms it, and sees
 * her post "Thing 1: …" matched: Thing 1 is done on the programme page and on her dashboard, and her
 * post is listed under Thing 1 with a link home. Every page visited is checked with axe.
 */
describe.runIf(browserAvailable)('journey: a member registers her external blog and sees her matched post tick Thing 1', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let farm: FeedFarm;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Her "blog" is served by the test on loopback; the server may fetch only that address.
    farm = await startFeedFarm('127.0.0.1');
    farm.serve(
      '/',
      '<!doctype html><html lang="en"><head><title>Marginalia</title><link rel="alternate" type="application/atom+xml" title="Posts" href="/feed.atom"></head><body><h1>Marginalia</h1></body></html>',
      { 'content-type': 'text/html; charset=utf-8' },
    );
    farm.serve(
      '/feed.atom',
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Marginalia</title><link href="${farm.origin}/"/><id>tag:marginalia</id><updated>2026-11-02T08:00:00Z</updated>` +
        `<entry><id>tag:marginalia:1</id><title>Thing 1: starting a blog</title><link href="/2026/thing-1"/><published>2026-11-02T08:00:00Z</published><updated>2026-11-02T08:00:00Z</updated><summary>Why I started writing here, shyly.</summary></entry>` +
        `<entry><id>tag:marginalia:2</id><title>On quiet forums</title><link href="/2026/forums"/><published>2026-11-01T08:00:00Z</published><updated>2026-11-01T08:00:00Z</updated><summary>The professional body's forums are quiet.</summary></entry>` +
        '</feed>',
      { 'content-type': 'application/atom+xml' },
    );
    server = await startTestServer({ env: { FEED_ALLOW_PRIVATE: '127.0.0.1' } });
    const created = await fetch(`${server.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({
        handle: 'mara_blogs',
        email: 'mara@example.org',
        password: 'marginal notes in pencil',
        displayName: 'Mara Blogs',
      }),
    });
    expect(created.status).toBe(201);
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await farm?.close();
  });

  it('finds the feed from her site address, confirms, lists the posts with links home, and ticks Thing 1', {
    timeout: 90_000,
  }, async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Handle or email address').fill('mara_blogs');
    await page.getByLabel('Password').fill('marginal notes in pencil');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    // She is in the programme first (the seed's demo programme, in its fifth week).
    await page.goto(`${server.url}/programmes/twenty-three-things`);
    await page.getByRole('button', { name: 'Enrol' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('You are enrolled');
    expect(
      await page
        .getByRole('row', { name: /Week 1/ })
        .locator('.state-done')
        .count(),
    ).toBe(0);
    await expectAccessible(page);

    await page.goto(`${server.url}/settings`);
    await page.getByRole('link', { name: 'Your blogs elsewhere' }).click();
    await page.waitForURL(`${server.url}/settings/blogs`);
    await expectAccessible(page);

    // A private address is refused in plain words, and what she typed stays.
    await page.getByLabel("Your blog's address").fill(`http://localhost:${farm.port}/`);
    await page.getByRole('button', { name: 'Find my blog' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('private network');
    expect(await page.getByLabel("Your blog's address").inputValue()).toBe(`http://localhost:${farm.port}/`);
    await expectAccessible(page);

    await page.getByLabel("Your blog's address").fill(`${farm.origin}/`);
    await page.getByRole('button', { name: 'Find my blog' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Is this your blog?');
    expect(await page.getByRole('listitem').filter({ hasText: 'Thing 1: starting a blog' }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Yes, follow this blog' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Marginalia');
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Commonplace now follows Marginalia.');
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Thing 1: starting a blog', 'On quiet forums']);
    expect(await page.getByRole('link', { name: /^Read on their blog.*Thing 1: starting a blog$/ }).getAttribute('href')).toBe(
      `${farm.origin}/2026/thing-1`,
    );
    await expect.poll(() => page.locator('.health-ok').first().textContent()).toContain('Working');
    await expectAccessible(page);

    await page.getByRole('button', { name: /Check now/ }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Checked: nothing new.');
    expect(farm.requests.filter((r) => r.path === '/feed.atom').length).toBeGreaterThanOrEqual(3);

    await page.goto(`${server.url}/settings/blogs/inbox`);
    await expectAccessible(page);
    await page.goto(`${server.url}/settings/blogs`);
    expect(await page.getByRole('heading', { level: 2, name: 'Marginalia' }).count()).toBe(1);
    await expectAccessible(page);

    // Her post titled "Thing 1: …" was matched: Thing 1 is done on the programme page…
    await page.goto(`${server.url}/programmes/twenty-three-things`);
    const week1 = page.getByRole('row', { name: /Week 1/ });
    expect(await week1.locator('.state-done').count()).toBe(1);
    expect(await week1.locator('.state-done').textContent()).toBe('Done');
    await expectAccessible(page);
    // …listed under Thing 1, with the way home…
    await page.getByRole('link', { name: 'Thing 1: Start your reflective blog' }).first().click();
    await page.waitForURL(`${server.url}/programmes/twenty-three-things/things/1`);
    expect(await page.getByRole('link', { name: /^Read on their blog.*Thing 1: starting a blog$/ }).getAttribute('href')).toBe(
      `${farm.origin}/2026/thing-1`,
    );
    await expectAccessible(page);
    // …and on her dashboard: her standing counts it, and the post links home.
    await page.goto(`${server.url}/`);
    expect(await page.locator('.programme-summary').textContent()).toMatch(
      /Progress in 23 Things for information professionals: 1 of \d+ required Things/,
    );
    expect(await page.getByRole('link', { name: /^Read on your blog.*Thing 1: starting a blog$/ }).getAttribute('href')).toBe(
      `${farm.origin}/2026/thing-1`,
    );
    await expectAccessible(page);
  });
});
