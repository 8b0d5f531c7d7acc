import { expect, it, onTestFinished } from 'vitest';
import { createMember, createTestProgramme, publishThingPost } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession } from '../../test/support/programmes.ts';
import { fillTemplate } from './cohort.service.ts';

// The harness clock starts on Monday 2 November 2026, 09:00 UTC; these programmes started 3 weeks before.
describeEachDatabase('the cohort view', (h) => {
  async function cohort() {
    const { agent, member: organiser } = await memberWithSession(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-10-12', weeks: 4 }); // now: week 4
    const people = [];
    for (const name of ['Ada Early', 'Ben Behind', 'Cleo Late', 'Dan Nothing']) {
      const { member, agent: a } = await memberWithAgent(h(), { displayName: name });
      await a.api('POST', `/programmes/${p.slug}/enrolment`);
      people.push(member);
    }
    const [ada, ben, cleo] = people;
    for (const n of [1, 2, 3, 4])
      await publishThingPost(h().ctx, ada!, { programme: p.slug, number: n }, { publishedAt: `2026-10-${12 + (n - 1) * 7}T12:00:00.000Z` });
    await publishThingPost(h().ctx, ben!, { programme: p.slug, number: 1 }, { publishedAt: '2026-10-13T12:00:00.000Z' });
    // Cleo did Thing 1 in week 3: late.
    await publishThingPost(h().ctx, cleo!, { programme: p.slug, number: 1 }, { publishedAt: '2026-10-27T12:00:00.000Z' });
    for (const n of [2, 3])
      await publishThingPost(h().ctx, cleo!, { programme: p.slug, number: n }, { publishedAt: '2026-10-27T13:00:00.000Z' });
    return { agent, p, people };
  }

  it('shows the matrix with done, late and missing cells and the share on track', async () => {
    const { agent, p } = await cohort();
    const html = await (await agent.get(`/programmes/${p.slug}/cohort`)).text();
    expect(html).toContain('2 of 4 participants (50%) owe no past-due Thing.'); // Ada finished; Cleo caught up
    const row = (name: string) => new RegExp(`${name}[\\s\\S]*?</tr>`).exec(html)![0];
    expect(row('Ada Early').match(/cell-done/g)).toHaveLength(4);
    expect(row('Ben Behind')).toContain('2 weeks behind');
    expect(row('Ben Behind').match(/cell-missing/g)).toHaveLength(2);
    expect(row('Cleo Late').match(/cell-late/g)).toHaveLength(2); // Things 1 and 2, done in week 3
    expect(row('Dan Nothing')).toContain('3 weeks behind');
    expect(html).toContain('<svg role="img"');
    expect(html).toMatch(/<th scope="row">Week 1<\/th><td>12 Oct 2026<\/td><td>2<\/td><td>2<\/td>/);
  });

  it('filters (behind by 2+, not started, finished) and searches by name', async () => {
    const { agent, p } = await cohort();
    const names = async (q: string) =>
      [
        ...(await (await agent.get(`/programmes/${p.slug}/cohort?${q}`)).text()).matchAll(/<th scope="row">([A-Z][a-z]+ [A-Za-z]+) <span/g),
      ].map((m) => m[1]);
    expect(await names('filter=behind')).toEqual(['Ben Behind', 'Dan Nothing']);
    expect(await names('filter=not-started')).toEqual(['Dan Nothing']);
    expect(await names('filter=finished')).toEqual(['Ada Early']);
    expect(await names('q=cleo')).toEqual(['Cleo Late']);
  });

  it('exports a CSV that agrees with the database, to organisers only', async () => {
    const { agent, p, people } = await cohort();
    const res = await agent.get(`/programmes/${p.slug}/cohort.csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('handle,name,status,weeks_behind,required_done,thing_1,thing_2,thing_3,thing_4');
    expect(lines).toHaveLength(5);
    const byHandle = new Map(lines.slice(1).map((l) => [l.split(',')[0], l]));
    expect(byHandle.get(people[0]!.handle)).toBe(`${people[0]!.handle},Ada Early,finished,0,4,done,done,done,done`);
    expect(byHandle.get(people[1]!.handle)).toBe(`${people[1]!.handle},Ben Behind,behind,2,1,done,missing,missing,`);
    expect(byHandle.get(people[2]!.handle)).toBe(`${people[2]!.handle},Cleo Late,on-track,0,3,late,late,done,`);
    const rows = await h().ctx.db.kysely.selectFrom('completions').select('user_id').where('programme_id', '=', p.id).execute();
    expect(rows.length).toBe(4 + 1 + 3);

    const { agent: member } = await memberWithSession(h());
    expect((await member.get(`/programmes/${p.slug}/cohort.csv`)).status).toBe(403);
    expect((await member.get(`/programmes/${p.slug}/cohort`)).status).toBe(403);
  });

  it('sends a templated nudge to the filtered group, logs it and limits how often', async () => {
    const { agent, p, people } = await cohort();
    const form = {
      filter: 'behind',
      subject: 'Hello from {programme}',
      body: 'Dear {name}, you are {weeksBehind} weeks behind. Next: {next}. {link}',
    };
    const sent = await agent.post(`/programmes/${p.slug}/nudges`, form);
    expect(sent.status).toBe(303);
    await h().ctx.jobs.drain();
    const mail = await h().ctx.mailer.outbox();
    const ben = mail.find((m) => m.to === people[1]!.email)!;
    expect(ben.subject).toBe(`Hello from ${p.title}`);
    expect(ben.text).toContain('Dear Ben Behind, you are 2 weeks behind. Next: Thing 2: Thing 2.');
    expect(mail.find((m) => m.to === people[0]!.email)).toBeUndefined();
    expect(await (await agent.get(`/programmes/${p.slug}/cohort`)).text()).toContain('“Hello from {programme}” to 2');

    expect((await agent.post(`/programmes/${p.slug}/nudges`, { ...form, subject: '' })).status).toBe(400);
    await agent.post(`/programmes/${p.slug}/nudges`, form);
    await agent.post(`/programmes/${p.slug}/nudges`, form);
    const limited = await agent.post(`/programmes/${p.slug}/nudges`, form);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    const log = await h().ctx.db.kysely.selectFrom('nudges').select('recipients').where('programme_id', '=', p.id).execute();
    expect(log.map((n) => n.recipients)).toEqual([2, 2, 2]);
  });

  it('fills only the known placeholders', () => {
    expect(fillTemplate('{name} {unknown} {link}', { name: 'Ada', link: 'x' })).toBe('Ada {unknown} x');
  });

  it('holds approval-mode enrolments until an organiser approves them', async () => {
    const { agent, member: organiser } = await memberWithSession(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { enrolment: 'approval' });
    const { member, agent: m } = await memberWithAgent(h());
    expect(await (await m.api('POST', `/programmes/${p.slug}/enrolment`)).json()).toEqual({ status: 'pending' });
    await expect(publishThingPost(h().ctx, member, { programme: p.slug, number: 1 })).rejects.toThrow(/not enrolled/);
    expect(await (await agent.get(`/programmes/${p.slug}/cohort`)).text()).toContain('Waiting for approval');
    expect((await agent.post(`/programmes/${p.slug}/enrolments/${member.id}/approval`)).status).toBe(303);
    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    expect((await (await m.api('GET', `/programmes/${p.slug}/progress`)).json()).done).toEqual([1]);
  });

  it('needs the invite code for an invite-only programme', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { enrolment: 'invite' });
    const { agent } = await memberWithAgent(h());
    expect((await agent.api('POST', `/programmes/${p.slug}/enrolment`)).status).toBe(403);
    expect((await agent.api('POST', `/programmes/${p.slug}/enrolment`, { invite: p.inviteCode })).status).toBe(201);
  });
  it('moves with the clock: a Thing falling due at the end of its week turns cells missing without any write', async () => {
    const { agent, p } = await cohort();
    const start = h().ctx.clock.now();
    onTestFinished(() => h().clock.set(start));
    const row = async (name: string) =>
      new RegExp(`${name}[\\s\\S]*?</tr>`).exec(await (await agent.get(`/programmes/${p.slug}/cohort`)).text())![0];
    expect(await row('Dan Nothing')).toContain('3 weeks behind');
    h().clock.advance(6 * 86_400_000); // Sunday of week 4: Thing 4 not yet due
    expect(await row('Dan Nothing')).toContain('3 weeks behind');
    h().clock.advance(86_400_000); // Monday: week 4 is over
    expect(await row('Dan Nothing')).toContain('4 weeks behind');
    expect((await row('Ben Behind')).match(/cell-missing/g)).toHaveLength(3);
  });
});
