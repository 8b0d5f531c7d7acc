import { expect, it } from 'vitest';
import { createTestProgramme, publishThingPost } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession } from '../../test/support/programmes.ts';

describeEachDatabase('export, import, run again and carry-over', (h) => {
  it('exports a programme as JSON that imports elsewhere under a new address and date', async () => {
    const { agent, member: organiser } = await memberWithSession(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { title: 'Portable', catchUpWeeks: [2], weeks: 3 });
    const res = await agent.get(`/programmes/${p.slug}/export.json`);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const file = await res.text();
    expect(JSON.parse(file)).toMatchObject({ format: 'commonplace-programme', title: 'Portable', catchUpWeeks: [2] });

    const bad = await agent.post('/programmes/import', { file: '{"nope": 1}' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not a programme exported from Commonplace');

    const ok = await agent.post('/programmes/import', { file, slug: `${p.slug}-copy`, startsOn: '2027-01-04' });
    expect(ok.headers.get('location')).toBe(`/programmes/${p.slug}-copy`);
    const copy = await (await h().agent().api('GET', `/programmes/${p.slug}-copy`)).json();
    expect(copy).toMatchObject({ title: 'Portable', startsOn: '2027-01-04', catchUpWeeks: [2] });
    expect(copy.things.map((t: { number: number; week: number }) => [t.number, t.week])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
    ]);

    // The API takes the exported document as it is.
    const { agent: api } = await memberWithAgent(h(), { roles: ['organiser'] });
    const doc = await (await api.api('GET', `/programmes/${p.slug}/export`)).json();
    expect((await api.api('POST', '/programmes', { ...doc, slug: `${p.slug}-api` })).status).toBe(201);
    const { agent: member } = await memberWithSession(h());
    expect((await member.get(`/programmes/${p.slug}/export.json`)).status).toBe(403);
  });

  it('runs a programme again and lets a participant carry her completed Things over', async () => {
    const { agent: orgApi, member: organiser } = await memberWithAgent(h(), { roles: ['organiser'] });
    const first = await createTestProgramme(h().ctx, organiser, { title: 'First run', startsOn: '2026-10-05', weeks: 3 });
    const { member, agent } = await memberWithAgent(h());
    await agent.api('POST', `/programmes/${first.slug}/enrolment`);
    await publishThingPost(h().ctx, member, { programme: first.slug, number: 1 });
    await publishThingPost(h().ctx, member, { programme: first.slug, number: 2 });

    const created = await orgApi.api('POST', `/programmes/${first.slug}/runs`, {
      slug: `${first.slug}-again`,
      startsOn: '2026-12-07',
      title: 'Second run',
    });
    expect(created.status).toBe(201);
    const slug = `${first.slug}-again`;

    const session = h().agent();
    await session.post('/sign-in', { login: member.handle, password: member.password });
    expect(await (await session.get(`/programmes/${slug}`)).text()).toContain('You completed 2 of these Things in First run');

    expect(await (await agent.api('POST', `/programmes/${slug}/carry-over`)).json()).toEqual({ carried: [1, 2] });
    expect(await (await agent.api('POST', `/programmes/${slug}/carry-over`)).json()).toEqual({ carried: [] });
    const progress = await (await agent.api('GET', `/programmes/${slug}/progress`)).json();
    expect(progress).toMatchObject({ done: [1, 2], weeksBehind: 0, next: { number: 3 } });
  });
});
