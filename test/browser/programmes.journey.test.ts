import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createMember } from '../../src/dev-data/factories.ts';
import { createLogger } from '../../src/logger.ts';
import { browserAvailable, expectAccessible, launchBrowser, startTestServer } from '../support/browser.ts';

/**
 * An organiser creates a programme and publishes a Thing; a participant enrols and completes it by
 * writing a post that answers it (the editor at /write, reached from the Thing page); the organiser
 * sees it on the Thing page and in the cohort matrix; the participant sees her standing, her post on
 * her dashboard and her certificate. Every page visited is checked with axe.
 */
describe.runIf(browserAvailable)('journey: an organiser runs a programme and sees a participant complete a Thing', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer();
    // The seed's organiser password is only printed; make our own accounts in the same database.
    const config = loadConfig({ DATA_DIR: server.dataDir, BASE_URL: server.url, LOG_LEVEL: 'silent' });
    const ctx = await createContext(config, { log: createLogger('silent') });
    await createMember(ctx, {
      handle: 'olive_org',
      displayName: 'Olive Organiser',
      roles: ['organiser'],
      password: 'a programme of quiet shelves',
    });
    await createMember(ctx, { handle: 'pat_part', displayName: 'Pat Participant', password: 'reading lists all winter' });
    await ctx.db.close();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(login: string, password: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Handle or email address').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    return page;
  }

  it('goes from a new programme to a done Thing in the matrix', { timeout: 180_000 }, async () => {
    const organiser = await signIn('olive_org', 'a programme of quiet shelves');
    await organiser.getByRole('link', { name: 'Programmes' }).first().click();
    await expectAccessible(organiser);
    // The demo programme from the seed is there, alive.
    await organiser.getByRole('link', { name: '23 Things for information professionals' }).click();
    await expectAccessible(organiser);
    await organiser.getByRole('link', { name: 'Cohort' }).click();
    await expectAccessible(organiser);

    await organiser.goto(`${server.url}/programmes/new`);
    await expectAccessible(organiser);
    await organiser.getByLabel('Title').fill('Winter Reading Things');
    await organiser.getByLabel('Address name').fill('winter-reading');
    await organiser.getByLabel('Start date').fill(today);
    await organiser.getByRole('button', { name: 'Create programme' }).click();
    await organiser.waitForURL(`${server.url}/programmes/winter-reading`);
    await expectAccessible(organiser);

    await organiser.getByRole('link', { name: 'Add a Thing' }).click();
    await expectAccessible(organiser);
    await organiser.getByLabel('Title').fill('Start a reading diary');
    await organiser.getByLabel('Week').fill('1');
    await organiser.getByLabel('Brief').fill('Keep a **diary** of what you read this week.');
    await organiser.getByRole('button', { name: 'Add Thing' }).click();
    await organiser.waitForURL(`${server.url}/programmes/winter-reading/things/1`);
    expect(await organiser.locator('main').textContent()).toContain('draft: only organisers see it');
    await organiser.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => organiser.locator('.flash').textContent()).toContain('Thing 1 is published');
    await expectAccessible(organiser);

    const participant = await signIn('pat_part', 'reading lists all winter');
    await participant.goto(`${server.url}/programmes/winter-reading`);
    await participant.getByRole('button', { name: 'Enrol' }).click();
    await expect.poll(() => participant.locator('.flash').textContent()).toContain('You are enrolled');
    expect(await participant.locator('main').textContent()).toContain('Open now');
    await expectAccessible(participant);
    await participant.getByRole('link', { name: 'Thing 1: Start a reading diary' }).first().click();
    expect(await participant.locator('.prose').innerHTML()).toContain('<strong>diary</strong>');
    await expectAccessible(participant);

    // She completes the Thing by writing a post that answers it.
    await participant.getByRole('link', { name: 'Write a post for this Thing' }).click();
    await participant.waitForURL(/\/write\?/);
    expect(await participant.getByLabel('Programme (its short name)').inputValue()).toBe('winter-reading');
    expect(await participant.getByLabel('Thing number').inputValue()).toBe('1');
    await expectAccessible(participant);
    await participant.getByLabel('Title').fill('My reading diary, week one');
    await participant.getByLabel('Body').fill('I kept a *diary* for a week: four books, two abandoned.');
    await participant.getByRole('button', { name: 'Publish' }).click();
    await participant.waitForURL(`${server.url}/@pat_part/my-reading-diary-week-one`);
    expect(await participant.locator('.thing-link').textContent()).toContain('Answers Thing 1 of winter-reading');
    await expectAccessible(participant);
    await participant.getByRole('link', { name: 'Thing 1 of winter-reading' }).click();
    await participant.waitForURL(`${server.url}/programmes/winter-reading/things/1`);
    expect(await participant.locator('main').textContent()).toContain('1 of 1 participant has done this Thing');
    await expectAccessible(participant);

    // The organiser sees her post under the Thing, its title linking to it.
    await organiser.reload();
    expect(await organiser.getByRole('link', { name: 'My reading diary, week one' }).getAttribute('href')).toBe(
      `${server.url}/@pat_part/my-reading-diary-week-one`,
    );
    await expectAccessible(organiser);

    await organiser.goto(`${server.url}/programmes/winter-reading/cohort`);
    const row = organiser.getByRole('row', { name: /Pat Participant/ });
    expect(await row.locator('.cell-done').count()).toBe(1);
    expect(await row.textContent()).toContain('Finished');
    await expectAccessible(organiser);

    await participant.goto(`${server.url}/`);
    expect(await participant.locator('main').textContent()).toContain('Finished — every required Thing is done');
    expect(await participant.getByRole('link', { name: 'My reading diary, week one' }).count()).toBe(1);
    await expectAccessible(participant);
    await participant.goto(`${server.url}/programmes/winter-reading`);
    await participant.getByRole('link', { name: 'Your certificate' }).click();
    await expect.poll(() => participant.locator('.certificate').textContent()).toContain('Verified');
    await expectAccessible(participant);

    // The outside networks directory, linked from the demo programme's networks Thing.
    await participant.goto(`${server.url}/programmes/twenty-three-things/things/5`);
    await expectAccessible(participant);
    await participant.getByRole('link', { name: 'directory of outside networks' }).click();
    await participant.getByLabel('Your stance on Mastodon (the fediverse)').selectOption('planning');
    await participant.getByRole('button', { name: 'Save your stance on Mastodon (the fediverse)' }).click();
    await expect.poll(() => participant.locator('.flash').textContent()).toContain('Your stance is saved');
    // The peers' tallies: the demo members' stances and hers (Maya joined Mastodon; Priya and Pat plan to).
    expect(
      await participant.locator('section', { has: participant.getByRole('heading', { name: 'Mastodon (the fediverse)' }) }).textContent(),
    ).toContain('Planning to join: 2');
    await expectAccessible(participant);

    // The organiser's page of participants' blogs (none registered in this programme yet).
    await organiser.goto(`${server.url}/programmes/winter-reading`);
    await organiser.getByRole('link', { name: 'Participants’ blogs' }).click();
    await organiser.waitForURL(`${server.url}/programmes/winter-reading/blogs`);
    expect(await organiser.getByRole('link', { name: 'Every participant’s blog as OPML' }).getAttribute('href')).toBe(
      '/programmes/winter-reading/blogs.opml',
    );
    await expectAccessible(organiser);

    await organiser.goto(`${server.url}/programmes/winter-reading/run-again`);
    await expectAccessible(organiser);
    await organiser.goto(`${server.url}/programmes/import`);
    await expectAccessible(organiser);
  });
});
