import { expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createMember, createTestProgramme, publishThingPost } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent } from '../../test/support/programmes.ts';

const DAY = 86_400_000;

// The harness clock starts on Monday 2 November 2026, 09:00 UTC.
describeEachDatabase('programmes API', (h) => {
  it('lets an organiser create a programme whose Things open and fall due week by week', async () => {
    const { agent } = await memberWithAgent(h(), { roles: ['organiser'] });
    const res = await agent.api('POST', '/programmes', {
      slug: 'Winter-Things',
      title: 'Winter Things',
      startsOn: '2026-11-02',
      catchUpWeeks: [2],
      things: [
        { number: 1, title: 'Start a blog', week: 1, tags: ['CPD23', 'thing1'] },
        { number: 2, title: 'Try RSS', week: 3, required: false },
      ],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ slug: 'winter-things', url: 'http://localhost:3000/programmes/winter-things' });

    const one = await (await h().agent().api('GET', '/programmes/winter-things')).json();
    expect(one).toMatchObject({ slug: 'winter-things', catchUpWeeks: [2], weeks: 3 });
    expect(one.things).toEqual([
      expect.objectContaining({
        number: 1,
        title: 'Start a blog',
        week: 1,
        opensAt: '2026-11-02T00:00:00.000Z',
        dueAt: '2026-11-09T00:00:00.000Z',
        required: true,
        tags: ['cpd23', 'thing1'],
      }),
      expect.objectContaining({
        number: 2,
        week: 3,
        opensAt: '2026-11-16T00:00:00.000Z',
        dueAt: '2026-11-23T00:00:00.000Z',
        required: false,
      }),
    ]);
    const list = await (await h().agent().api('GET', '/programmes')).json();
    expect(list.items.map((p: { slug: string }) => p.slug)).toContain('winter-things');
    expect(list.next).toBeNull();
  });

  it('refuses programmes from members, bad input field by field, a taken slug and a Thing in a catch-up week', async () => {
    const { agent: member } = await memberWithAgent(h());
    const good = { slug: 'members-cannot', title: 'X', startsOn: '2026-11-02', things: [] };
    expect((await member.api('POST', '/programmes', good)).status).toBe(403);
    expect((await h().agent().api('POST', '/programmes', good)).status).toBe(401);

    const { agent } = await memberWithAgent(h(), { roles: ['organiser'] });
    const bad = await agent.api('POST', '/programmes', {
      slug: 'x',
      title: '',
      startsOn: '2026-02-30',
      things: [{ number: 1, title: 'A', week: 0 }],
    });
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(Object.keys(error.fields).sort()).toEqual(['slug', 'startsOn', 'things.0.week', 'title']);

    const clash = await agent.api('POST', '/programmes', {
      ...good,
      slug: 'catch-clash',
      catchUpWeeks: [1],
      things: [{ number: 1, title: 'A', week: 1 }],
    });
    expect(clash.status).toBe(400);
    expect((await clash.json()).error.fields['things.0.week']).toMatch(/catch-up/);

    expect((await agent.api('POST', '/programmes', { ...good, slug: 'taken-slug' })).status).toBe(201);
    const again = await agent.api('POST', '/programmes', { ...good, slug: 'TAKEN-slug' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.fields.slug).toMatch(/already/);
  });

  it('hides a members-only programme from visitors with a 404', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { visibility: 'members' });
    expect((await h().agent().api('GET', `/programmes/${p.slug}`)).status).toBe(404);
    const { agent } = await memberWithAgent(h());
    expect((await agent.api('GET', `/programmes/${p.slug}`)).status).toBe(200);
  });

  it('enrols once (201, then 200), tracks standing from the clock, and lets her leave', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-11-02', weeks: 4 });
    const { member, agent } = await memberWithAgent(h());
    expect((await agent.api('POST', `/programmes/${p.slug}/enrolment`)).status).toBe(201);
    expect((await agent.api('POST', `/programmes/${p.slug}/enrolment`)).status).toBe(200);

    const progress = async () => (await agent.api('GET', `/programmes/${p.slug}/progress`)).json();
    expect(await progress()).toMatchObject({ done: [], due: [], weeksBehind: 0, next: { number: 1 }, status: 'not-started' });

    h().clock.set('2026-11-16T10:00:00Z'); // week 3: Things 1 and 2 are past due
    expect(await progress()).toMatchObject({ done: [], due: [1, 2], weeksBehind: 2, next: { number: 1 }, status: 'behind' });

    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    const after = await progress();
    expect(after).toMatchObject({ done: [1], due: [2], weeksBehind: 1, next: { number: 2 } });
    expect(after.plan[0]).toMatchObject({ week: 3, catchUpThings: [2], scheduled: [3] });

    expect((await agent.api('DELETE', `/programmes/${p.slug}/enrolment`)).status).toBe(204);
    h().clock.set('2026-11-02T09:00:00Z');
  });

  it('tells a member who never enrolled, or whose enrolment awaits approval, that she is not enrolled: no standing', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-10-05', weeks: 6 }); // four weeks in
    const { agent } = await memberWithAgent(h());
    const stranger = await agent.api('GET', `/programmes/${p.slug}/progress`);
    expect(stranger.status).toBe(404);
    const { error } = await stranger.json();
    expect(error.code).toBe('not_enrolled');
    expect(error.message).toMatch(/not enrolled in this programme/);
    expect(JSON.stringify(error)).not.toMatch(/behind/);

    const gated = await createTestProgramme(h().ctx, organiser, { startsOn: '2026-10-05', weeks: 6, enrolment: 'approval' });
    expect((await (await agent.api('POST', `/programmes/${gated.slug}/enrolment`)).json()).status).toBe('pending');
    const pending = await agent.api('GET', `/programmes/${gated.slug}/progress`);
    expect(pending.status).toBe(404);
    expect((await pending.json()).error).toMatchObject({ code: 'not_enrolled', message: expect.stringMatching(/approval/) });

    expect((await agent.api('POST', `/programmes/${p.slug}/enrolment`)).status).toBe(201);
    expect(await (await agent.api('GET', `/programmes/${p.slug}/progress`)).json()).toMatchObject({ weeksBehind: 4, status: 'behind' });
    expect((await agent.api('GET', '/programmes/no-such-programme/progress')).status).toBe(404);
  });

  it('refuses a post linking a Thing that does not exist or by an author not enrolled', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { title: 'Refusals' });
    const outsider = await createMember(h().ctx);
    const notEnrolled = publishThingPost(h().ctx, outsider, { programme: p.slug, number: 1 });
    await expect(notEnrolled).rejects.toThrow(/not enrolled in “Refusals”/);
    await expect(notEnrolled).rejects.toBeInstanceOf(AppError);
    await expect(publishThingPost(h().ctx, outsider, { programme: p.slug, number: 99 })).rejects.toMatchObject({ code: 'unprocessable' });
    await expect(publishThingPost(h().ctx, outsider, { programme: 'no-such', number: 1 })).rejects.toMatchObject({ code: 'unprocessable' });
  });

  it('moves, removes and restores a completion as the post is edited, unlinked and withdrawn', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 3 });
    const { member, agent } = await memberWithAgent(h());
    await agent.api('POST', `/programmes/${p.slug}/enrolment`);
    const done = async () => (await (await agent.api('GET', `/programmes/${p.slug}/progress`)).json()).done;

    const post = await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    expect(await done()).toEqual([1]);
    await h().ctx.events.emit('post.published', { ...post, thing: { programme: p.slug, number: 2 } });
    expect(await done()).toEqual([2]);
    await h().ctx.events.emit('post.published', { ...post, thing: null });
    expect(await done()).toEqual([]);
    await h().ctx.events.emit('post.published', { ...post, thing: { programme: p.slug, number: 3 } });
    await h().ctx.events.emit('post.published', { ...post, thing: { programme: p.slug, number: 3 }, title: 'Edited' });
    expect(await done()).toEqual([3]);
    await h().ctx.events.emit('post.withdrawn', { postId: post.postId, authorId: member.id });
    expect(await done()).toEqual([]);
  });

  it('lets organisers mark a Thing done with a note, and nobody else', async () => {
    const { agent: organiserAgent, member: organiser } = await memberWithAgent(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 2 });
    const { member, agent } = await memberWithAgent(h());
    await agent.api('POST', `/programmes/${p.slug}/enrolment`);

    const path = `/programmes/${p.slug}/things/1/completions`;
    expect((await agent.api('POST', path, { handle: member.handle, note: 'I did it' })).status).toBe(403);
    const noNote = await organiserAgent.api('POST', path, { handle: member.handle, note: ' ' });
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).error.fields.note).toBeTruthy();
    const stranger = await organiserAgent.api('POST', path, { handle: 'nobody_here', note: 'x' });
    expect((await stranger.json()).error.fields.handle).toMatch(/No participant/);
    const both = await organiserAgent.api('POST', path, { handle: 'nobody_here', note: '' });
    expect(Object.keys((await both.json()).error.fields).sort()).toEqual(['handle', 'note']);

    expect((await organiserAgent.api('POST', path, { handle: member.handle, note: 'Showed me her blog at the meet-up' })).status).toBe(201);
    expect((await organiserAgent.api('POST', path, { handle: member.handle, note: 'Again' })).status).toBe(200);
    expect((await (await agent.api('GET', `/programmes/${p.slug}/progress`)).json()).done).toEqual([1]);
  });

  it('issues a certificate on the last required Thing that verifies, until revoked', async () => {
    const { agent: organiserAgent, member: organiser } = await memberWithAgent(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, {
      title: 'Certified',
      things: [
        { number: 1, title: 'One', week: 1 },
        { number: 2, title: 'Two', week: 2, required: false },
        { number: 3, title: 'Three', week: 3 },
      ],
    });
    const { member, agent } = await memberWithAgent(h());
    await agent.api('POST', `/programmes/${p.slug}/enrolment`);
    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    expect((await (await agent.api('GET', '/me/credentials')).json()).items).toEqual([]);

    await publishThingPost(h().ctx, member, { programme: p.slug, number: 3 });
    const { items } = await (await agent.api('GET', '/me/credentials')).json();
    expect(items).toEqual([
      {
        id: expect.any(String),
        programme: p.slug,
        url: `http://localhost:3000/credentials/${items[0].id}`,
        issuedAt: expect.any(String),
        revoked: false,
      },
    ]);
    const id = items[0].id as string;

    const verify = async () => (await h().agent().api('GET', `/credentials/${id}/verification`)).json();
    expect(await verify()).toEqual({ valid: true, revoked: false });

    const doc = await (await h().agent().get(`/credentials/${id}.json`)).json();
    expect(doc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(doc.credentialSubject.achievement.name).toBe('Certified');
    expect(doc.proof.jwt.split('.')).toHaveLength(3);
    const negotiated = await h().agent().get(`/credentials/${id}`, { accept: 'application/ld+json' });
    expect((await negotiated.json()).id).toBe(`http://localhost:3000/credentials/${id}`);

    expect((await agent.api('POST', `/credentials/${id}/revocation`)).status).toBe(403);
    expect((await organiserAgent.api('POST', `/credentials/${id}/revocation`)).status).toBe(204);
    expect(await verify()).toEqual({ valid: false, revoked: true });
  });

  it('says a tampered credential is not valid: the signature is checked, not a flag', async () => {
    const organiser = await createMember(h().ctx, { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, organiser, { weeks: 1 });
    const { member, agent } = await memberWithAgent(h());
    await agent.api('POST', `/programmes/${p.slug}/enrolment`);
    await publishThingPost(h().ctx, member, { programme: p.slug, number: 1 });
    const [cred] = (await (await agent.api('GET', '/me/credentials')).json()).items;
    const row = await h().ctx.db.kysely.selectFrom('credentials').select('jws').where('id', '=', cred.id).executeTakeFirstOrThrow();
    const [header, payload, signature] = row.jws.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.credentialSubject.achievement.name = 'Something grander';
    const jws = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    await h().ctx.db.kysely.updateTable('credentials').set({ jws }).where('id', '=', cred.id).execute();
    expect(await (await h().agent().api('GET', `/credentials/${cred.id}/verification`)).json()).toEqual({ valid: false, revoked: false });
    expect((await h().agent().api('GET', '/credentials/nope/verification')).status).toBe(404);
    void DAY;
  });
});
