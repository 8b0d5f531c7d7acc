import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';

describe.runIf(browserAvailable)('journey: a new member signs up, confirms, signs out and in, and resets her password', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Mail is sent by the server's queue worker, within a poll or two of the action.
  const mailLink = async (to: string, subject: RegExp) => {
    const find = () => server.outbox().find((m) => m.to === to && subject.test(m.subject));
    await expect.poll(find, { timeout: 10_000, message: `mail to ${to}` }).toBeDefined();
    const mail = find();
    return /https?:\/\/\S+/.exec(mail!.text)![0];
  };

  it('walks the whole way with the keyboard-reachable, labelled forms', { timeout: 90_000 }, async () => {
    await page.goto(server.url);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await expectAccessible(page);

    // A first attempt with a weak password keeps what was typed.
    await page.getByLabel('Your name').fill('Nell Librarian');
    await page.getByLabel('Handle').fill('nell_lib');
    await page.getByLabel('Email address').fill('nell@example.org');
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('correct');
    expect(await page.getByLabel('Email address').inputValue()).toBe('nell@example.org');
    await expectAccessible(page);

    await page.getByLabel('Password').fill('shelves of quiet evenings');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Nell Librarian');
    await expectAccessible(page);

    await page.goto(await mailLink('nell@example.org', /Confirm your email/));
    await expect.poll(() => page.locator('.flash').textContent()).toContain('confirmed');

    await page.goto(`${server.url}/settings`);
    await expectAccessible(page);

    await page
      .getByRole('button', { name: /Sign out/ })
      .first()
      .click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);

    await page.goto(`${server.url}/sign-in`);
    await expectAccessible(page);
    await page.getByLabel('Handle or email address').fill('nell@example.org');
    await page.getByLabel('Password').fill('shelves of quiet evenings');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Nell Librarian');
    await page
      .getByRole('button', { name: /Sign out/ })
      .first()
      .click();

    await page.goto(`${server.url}/forgot-password`);
    await expectAccessible(page);
    await page.getByLabel('Email address').fill('nell@example.org');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(await mailLink('nell@example.org', /Reset your/));
    await expectAccessible(page);
    await page.getByLabel('New password').fill('a fresh reading list');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Nell Librarian');

    await page.goto(`${server.url}/no-such-page`);
    await expectAccessible(page);
    await page.goto(`${server.url}/api/docs`);
    await expectAccessible(page);
  });
});
