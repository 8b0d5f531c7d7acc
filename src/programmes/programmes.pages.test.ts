import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { createMember, createTestProgramme, publishThingPost } from '../dev-data/factories.ts';
import { setEmailPreferences } from '../notifications/notifications.service.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithSession } from '../../test/support/programmes.ts';
import { announceOpenedThings } from './announce.ts';

// The harness clock starts on Monday 2 November 2026, 09:00 UTC.
describeEachDatabase('programme pages', (h) => {
  it('lets an organiser create a programme by form, keeping what was typed on error', async () => {
    const { agent } = await memberWithSession(h(), { roles: ['organiser'] });
    expect((await agent.get('/programmes/new')).status).toBe(200);
    const bad = await agent.post('/programmes', { title: 'Spring Things', slug: 'x', startsOn: '2027-02-31', catchUpWeeks: '4' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('value="Spring Things"');
    expect(html).toContain('Use 3–60 characters');
    expect(html).toContain('That is not a real date.');

    const ok = await agent.post('/programmes', {
      title: 'Spring Things',
      slug: 'spring-things',
      startsOn: '2026-11-02',
      catchUpWeeks: '3',
      enrolment: 'open',
      visibility: 'public',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/programmes/spring-things');
    const { agent: member } = await memberWithSession(h());
    expect((await member.get('/programmes/new')).status).toBe(403);
    expect((await member.post('/programmes', { title: 'Nope', slug: 'nope-nope', startsOn: '2026-11-02' })).status).toBe(403);
  });

  it('keeps a draft Thing from participants until the organiser publishes it', async () => {
    const { agent, member: organiser } = await memberWithSession(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { things: [] });
    const added = await agent.post(`/programmes/${p.slug}/things`, {
      number: '1',
      title: 'Explore a wiki',
      week: '1',
      brief: '# Try it\n\nEdit a **page**. <script>alert(1)</script>',
      tags: 'cpd23 thing1',
      required: 'on',
    });
    expect(added.status).toBe(303);
    const visitor = h().agent();
    expect((await visitor.get(`/programmes/${p.slug}/things/1`)).status).toBe(404);
    expect(await (await visitor.get(`/programmes/${p.slug}`)).text()).not.toContain('Explore a wiki');

    expect((await agent.post(`/programmes/${p.slug}/things/1/publish`)).status).toBe(303);
    const page = await visitor.get(`/programmes/${p.slug}/things/1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h3>Try it</h3>');
    expect(html).toContain('<strong>page</strong>');
    expect(html).not.toContain('<script>alert');

    const dup = await agent.post(`/programmes/${p.slug}/things`, { number: '1', title: 'Again', week: '2' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('Thing 1 already exists.');
  });

  it('enrols a member by form and shows her standing, next Thing and catch-up plan on the dashboard and programme page', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { title: 'Dash Things', startsOn: '2026-10-19', catchUpWeeks: [3], weeks: 4 });
    const { member, agent } = await memberWithSession(h());
    expect(await (await agent.get('/')).text()).toContain('You are not enrolled in a programme yet.');
    expect((await agent.post(`/programmes/${p.slug}/enrolment`)).status).toBe(303);
    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });

    const dashboard = await (await agent.get('/')).text();
    expect(dashboard).toContain('Dash Things');
    expect(dashboard).toContain('1 week behind'); // week 3 (catch-up) now; Thing 2 (week 2) is missed
    expect(dashboard).toContain('Thing 2: Thing 2');
    expect(dashboard).toMatch(/<progress value="1" max="4"/);

    const page = await (await agent.get(`/programmes/${p.slug}`)).text();
    expect(page).toContain('Your catch-up plan');
    expect(page).toContain('a catch-up week');
    expect(page).toContain('Catch-up week: no new Thing');
  });

  it('tells nobody who is not taking part that she is behind: programme page, Thing page and dashboard', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { title: 'Stranger Things', startsOn: '2026-10-05', weeks: 6 });
    const gated = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-10-05', weeks: 6, enrolment: 'approval' });
    const { agent } = await memberWithSession(h());
    expect((await agent.post(`/programmes/${gated.slug}/enrolment`)).status).toBe(303); // pending approval
    const pages = [`/programmes/${p.slug}`, `/programmes/${p.slug}/things/1`, `/programmes/${gated.slug}`, '/'];
    for (const path of pages) {
      const html = await (await agent.get(path)).text();
      expect(html, path).not.toMatch(/weeks? behind|catch-up plan/i);
    }
    expect(await (await agent.get('/')).text()).toContain('You are not enrolled in a programme yet.');
    // The same pages do show it once she takes part, so the check above can fail.
    expect((await agent.post(`/programmes/${p.slug}/enrolment`)).status).toBe(303);
    expect(await (await agent.get(`/programmes/${p.slug}`)).text()).toMatch(/4 weeks behind/);
  });

  it('lists posts on the Thing page newest first, each to whom its visibility allows', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 1 });
    const { member: ann, agent: annAgent } = await memberWithSession(h());
    const { member: bob, agent: bobAgent } = await memberWithSession(h());
    for (const a of [annAgent, bobAgent]) await a.post(`/programmes/${p.slug}/enrolment`);
    const thing = { programme: p.slug, number: 1 };
    await publishThingPost(h().ctx, ann, thing, { title: 'Ann public', publishedAt: '2026-11-02T10:00:00.000Z' });
    await publishThingPost(h().ctx, bob, thing, { title: 'Bob members', visibility: 'members', publishedAt: '2026-11-03T10:00:00.000Z' });
    await publishThingPost(h().ctx, ann, thing, { title: 'Ann private', visibility: 'private', publishedAt: '2026-11-04T10:00:00.000Z' });

    const titles = async (agent: ReturnType<ReturnType<typeof h>['agent']>) =>
      [
        ...(await (await agent.get(`/programmes/${p.slug}/things/1`)).text()).matchAll(/<h3 class="list-title"><a href="[^"]+">([^<]+)</g),
      ].map((m) => m[1]);
    expect(await titles(h().agent())).toEqual(['Ann public']);
    expect(await titles(bobAgent)).toEqual(['Bob members', 'Ann public']);
    expect(await titles(annAgent)).toEqual(['Ann private', 'Bob members', 'Ann public']);
    expect(await (await h().agent().get(`/programmes/${p.slug}/things/1`)).text()).toContain('2 of 2 participants have done this Thing');
  });

  it('pages a Thing with many posts fifty at a time, newest first, keeping the full count', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 1 });
    const { member, agent } = await memberWithSession(h());
    await agent.post(`/programmes/${p.slug}/enrolment`);
    for (let i = 1; i <= 55; i++) {
      const at = new Date(Date.parse('2026-11-02T09:00:00.000Z') + i * 60_000).toISOString();
      await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 }, { title: `Reflection number ${i}`, publishedAt: at });
    }
    const titles = (html: string) => [...html.matchAll(/<h3 class="list-title"><a href="[^"]+">([^<]+)</g)].map((m) => m[1]);
    const first = await (await h().agent().get(`/programmes/${p.slug}/things/1`)).text();
    expect(first).toContain('55 posts you can read');
    expect(titles(first)).toHaveLength(50);
    expect(titles(first)[0]).toBe('Reflection number 55');
    expect(first).toContain('Page 1 of 2');
    const second = await (await h().agent().get(`/programmes/${p.slug}/things/1?page=2`)).text();
    expect(titles(second)).toEqual([
      'Reflection number 5',
      'Reflection number 4',
      'Reflection number 3',
      'Reflection number 2',
      'Reflection number 1',
    ]);
    expect(second).toContain('<ol class="post-list" reversed="" start="5">');
  });

  it('lets an organiser mark a Thing done on its page with a note, and explains a mistake', async () => {
    const { agent, member: organiser } = await memberWithSession(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 2 });
    const { member, agent: memberAgent } = await memberWithSession(h());
    await memberAgent.post(`/programmes/${p.slug}/enrolment`);
    const bad = await agent.post(`/programmes/${p.slug}/things/2/completions`, { handle: member.handle, note: '' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Say briefly how the Thing was done.');
    expect(html).toContain(`value="${member.handle}"`);

    const ok = await agent.post(`/programmes/${p.slug}/things/2/completions`, {
      handle: `@${member.handle}`,
      note: 'Talked it through at the meet-up',
    });
    expect(ok.status).toBe(303);
    expect(await (await agent.get(`/programmes/${p.slug}/things/2`)).text()).toContain('Talked it through at the meet-up');
    // The note is for organisers.
    expect(await (await memberAgent.get(`/programmes/${p.slug}/things/2`)).text()).not.toContain('Talked it through');
    expect((await memberAgent.post(`/programmes/${p.slug}/things/2/completions`, { handle: member.handle, note: 'x' })).status).toBe(403);
  });

  it('serves the schedule and a private feed of her own due dates as iCalendar', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-11-02', catchUpWeeks: [2], weeks: 3 });
    const res = await h().agent().get(`/programmes/${p.slug}/calendar.ics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    const events = cal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary).sort()).toEqual(
      [`Catch-up week (week 2) — ${p.title}`, 'Thing 1: Thing 1', 'Thing 2: Thing 2', 'Thing 3: Thing 3'].sort(),
    );
    const thing2 = events.find((e) => e.summary === 'Thing 2: Thing 2')!;
    expect(thing2.startDate.toString()).toBe('2026-11-16');

    const { member, agent } = await memberWithSession(h());
    await agent.post(`/programmes/${p.slug}/enrolment`);
    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    const page = await (await agent.get(`/programmes/${p.slug}`)).text();
    const feed = /href="(\/programmes\/[^"]+\/calendar\/[a-z0-9]+\.ics)"/.exec(page)![1]!;
    const mine = new ICAL.Component(ICAL.parse(await (await h().agent().get(feed)).text()));
    expect(mine.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e).summary)).toEqual([
      'Due: Thing 2, Thing 2',
      'Due: Thing 3, Thing 3',
    ]);
    expect((await h().agent().get(`/programmes/${p.slug}/calendar/not-a-token.ics`)).status).toBe(404);
  });

  it('announces each Thing once when its week opens, by mail only where settings allow', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { title: 'Announced', startsOn: '2026-11-02', weeks: 2 });
    const { member: keen, agent: keenAgent } = await memberWithSession(h(), { email: `keen-${Date.now()}@example.org` });
    const { member: quiet, agent: quietAgent } = await memberWithSession(h(), { email: `quiet-${Date.now()}@example.org` });
    await keenAgent.post(`/programmes/${p.slug}/enrolment`);
    await quietAgent.post(`/programmes/${p.slug}/enrolment`);
    await setEmailPreferences(h().ctx, quiet.id, { 'thing-opened': false });

    const first = await announceOpenedThings(h().ctx);
    expect(first.announced).toBeGreaterThanOrEqual(1); // Thing 1 of this (and maybe other suites') programmes
    const mail = await h().ctx.mailer.outbox();
    expect(mail.filter((m) => m.to === keen.email && m.subject === 'Thing 1 is open: Thing 1')).toHaveLength(1);
    expect(mail.filter((m) => m.to === quiet.email)).toHaveLength(0);
    const inSite = await h().ctx.db.kysely.selectFrom('notifications').select('text').where('user_id', '=', quiet.id).execute();
    expect(inSite.map((n) => n.text)).toEqual(['Thing 1 of Announced is open: Thing 1']);

    await announceOpenedThings(h().ctx);
    expect((await h().ctx.mailer.outbox()).filter((m) => m.to === keen.email)).toHaveLength(1);

    h().clock.set('2026-11-09T00:10:00Z');
    await announceOpenedThings(h().ctx);
    expect((await h().ctx.mailer.outbox()).filter((m) => m.to === keen.email).map((m) => m.subject)).toContain('Thing 2 is open: Thing 2');
    h().clock.set('2026-11-02T09:00:00Z');
  });
});
