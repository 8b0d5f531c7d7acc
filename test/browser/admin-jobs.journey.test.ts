import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { createMember } from '../../src/dev-data/factories.ts';
import { newId } from '../../src/ids.ts';
import { createLogger } from '../../src/logger.ts';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';

describe.runIf(browserAvailable)('journey: an administrator retries a dead mail', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let ctx: AppContext;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    // The server's own database (SQLite under its data directory), for the admin and the dead job.
    ctx = await createContext(loadConfig({ DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' }), { log: createLogger('silent') });
  });
  afterAll(async () => {
    await ctx?.db.close();
    await browser?.close();
    await server?.stop();
  });

  it('sees the dead letter with its error, retries it, and the mail goes out', { timeout: 60_000 }, async () => {
    const admin = await createMember(ctx, { handle: 'jobs_admin', roles: ['admin'] });
    const now = new Date().toISOString();
    await ctx.db.kysely
      .insertInto('job_queue')
      .values({
        id: newId(),
        name: 'mail.send',
        key: null,
        payload: JSON.stringify({ to: 'late@example.org', subject: 'Your certificate', text: 'Here it is.' }),
        state: 'dead',
        attempts: 5,
        max_attempts: 5,
        run_at: now,
        locked_until: null,
        last_error: '421 too many connections',
        created_at: now,
        finished_at: now,
      })
      .execute();

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Handle or email address').fill(admin.handle);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/admin/jobs`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Background jobs');
    expect(
      await page
        .getByRole('row', { name: /mail\.send/ })
        .last()
        .textContent(),
    ).toContain('421 too many connections');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Retry mail.send job' }).click();
    await page.waitForURL(`${server.url}/admin/jobs`);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('tried again');
    await expect
      .poll(() => server.outbox().find((m) => m.to === 'late@example.org')?.subject, { timeout: 10_000 })
      .toBe('Your certificate');
    await page.reload();
    expect(await page.getByText('None: every job finished or is still being tried.').count()).toBe(1);
    await expectAccessible(page);
  });
});
