import { expect, it } from 'vitest';
import { createMember, createTestProgramme } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

// The whole path a participant takes: write a post that answers a Thing, see the Thing done,
// and see it undone when the post goes — through the blogs API and the programmes pages together.
describeEachDatabase('a post completes a Thing', (h) => {
  it('ticks the Thing, lists the post on the Thing page by visibility, and unticks it when deleted', async () => {
    const organiser = await createMember(h().ctx, { handle: 'cbp_organiser', roles: ['organiser'] });
    const programme = await createTestProgramme(h().ctx, organiser, { slug: 'cbp-things', weeks: 3 });
    const writer = await createMember(h().ctx, { handle: 'cbp_writer' });
    const agent = h().agent();
    agent.token = (await (await agent.api('POST', '/tokens', { login: 'cbp_writer', password: writer.password })).json()).token;

    const notEnrolled = await agent.api('POST', '/posts', {
      title: 'Too soon',
      body: 'x',
      visibility: 'public',
      status: 'published',
      thing: { programme: 'cbp-things', number: 1 },
    });
    expect(notEnrolled.status).toBe(422);
    expect((await agent.api('POST', `/programmes/${programme.slug}/enrolment`)).status).toBe(201);

    const created = await agent.api('POST', '/posts', {
      title: 'My first Thing',
      body: 'I started a blog.',
      visibility: 'public',
      status: 'published',
      thing: { programme: 'cbp-things', number: 1 },
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const progress = await (await agent.api('GET', `/programmes/${programme.slug}/progress`)).json();
    expect(progress.done).toEqual([1]);

    const members = await agent.api('POST', '/posts', {
      title: 'Members only thoughts',
      body: 'Shh.',
      visibility: 'members',
      status: 'published',
      thing: { programme: 'cbp-things', number: 1 },
    });
    expect(members.status).toBe(201);
    const anonymous = await (await h().app.request(`/programmes/${programme.slug}/things/1`)).text();
    expect(anonymous).toContain('My first Thing');
    expect(anonymous).not.toContain('Members only thoughts');
    const signedIn = await (await agent.get(`/programmes/${programme.slug}/things/1`)).text();
    expect(signedIn).toContain('Members only thoughts');

    expect((await agent.api('DELETE', `/posts/${id}`)).status).toBe(204);
    expect((await agent.api('DELETE', `/posts/${(await members.json()).id}`)).status).toBe(204);
    const after = await (await agent.api('GET', `/programmes/${programme.slug}/progress`)).json();
    expect(after.done).toEqual([]);
    expect(await (await h().app.request(`/programmes/${programme.slug}/things/1`)).text()).not.toContain('My first Thing');
  });
});
