import { expect, it } from 'vitest';
import { createMember, createTestProgramme } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { latestMailTo, linkIn } from '../../test/support/mail.ts';
import { memberWithAgent } from '../../test/support/programmes.ts';

// The API twins of page actions (see page-twins.test.ts): each does what its page does.
describeEachDatabase('API twins of the organisers’ page actions', (h) => {
  it('replaces a programme’s details and a Thing, publishes a draft Thing; participants are refused', async () => {
    const { agent: organiser, member } = await memberWithAgent(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, member, { title: 'Before', weeks: 2 });
    const { agent: participant } = await memberWithAgent(h());

    const details = { title: 'After', startsOn: '2026-11-02', enrolment: 'approval', catchUpWeeks: [4] };
    expect((await participant.api('PUT', `/programmes/${p.slug}`, details)).status).toBe(403);
    const put = await organiser.api('PUT', `/programmes/${p.slug}`, details);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ slug: p.slug, title: 'After', enrolment: 'approval', catchUpWeeks: [4] });
    const clash = await organiser.api('PUT', `/programmes/${p.slug}`, { ...details, catchUpWeeks: [1] });
    expect(clash.status).toBe(400);
    expect((await clash.json()).error.fields.catchUpWeeks).toMatch(/holds Thing 1/);

    const thing = { number: 2, title: 'A draft', week: 2, published: false };
    expect((await organiser.api('PUT', `/programmes/${p.slug}/things/2`, thing)).status).toBe(200);
    const draft = async () =>
      ((await (await participant.api('GET', `/programmes/${p.slug}`)).json()).things as Array<{ number: number }>).some(
        (t) => t.number === 2,
      );
    expect(await draft()).toBe(false);
    expect((await participant.api('POST', `/programmes/${p.slug}/things/2/publication`)).status).toBe(403);
    expect((await organiser.api('POST', `/programmes/${p.slug}/things/2/publication`)).status).toBe(204);
    expect(await draft()).toBe(true);
    expect((await organiser.api('POST', `/programmes/${p.slug}/things/9/publication`)).status).toBe(404);
  });

  it('approves a request to enrol by the member’s handle, and sends a nudge to the group chosen', async () => {
    const { agent: organiser, member } = await memberWithAgent(h(), { roles: ['organiser'] });
    const p = await createTestProgramme(h().ctx, member, { enrolment: 'approval', weeks: 2 });
    const { agent, member: asking } = await memberWithAgent(h());
    expect((await (await agent.api('POST', `/programmes/${p.slug}/enrolment`)).json()).status).toBe('pending');
    expect((await agent.api('POST', `/programmes/${p.slug}/enrolments/${asking.handle}/approval`)).status).toBe(403);
    expect((await organiser.api('POST', `/programmes/${p.slug}/enrolments/${asking.handle}/approval`)).status).toBe(204);
    expect((await agent.api('GET', `/programmes/${p.slug}/progress`)).status).toBe(200);
    expect((await organiser.api('POST', `/programmes/${p.slug}/enrolments/nobody_by_that_name/approval`)).status).toBe(404);

    const empty = await organiser.api('POST', `/programmes/${p.slug}/nudges`, { filter: 'all', subject: ' ', body: '' });
    expect(empty.status).toBe(400);
    expect(Object.keys((await empty.json()).error.fields).sort()).toEqual(['body', 'subject']);
    const sent = await organiser.api('POST', `/programmes/${p.slug}/nudges`, { filter: 'all', subject: 'Hello {name}', body: 'Onwards' });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toEqual({ recipients: 1 });
  });
});

describeEachDatabase('API twins of the member’s page actions', (h) => {
  it('sets the blog’s comment rule, which then holds for its posts', async () => {
    const { agent: author } = await memberWithAgent(h());
    const { agent: reader } = await memberWithAgent(h());
    h().clock.advance(2 * 86_400_000);
    const postId = (await (await author.api('POST', '/posts', { title: 'Quiet', body: 'x', status: 'published' })).json()).id;
    const bad = await author.api('PUT', '/me/blog-settings', { comments: 'everyone' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.comments).toBe('Choose who may comment.');
    expect(await (await author.api('PUT', '/me/blog-settings', { comments: 'nobody' })).json()).toEqual({ comments: 'nobody' });
    expect((await reader.api('POST', `/posts/${postId}/comments`, { body: 'Hello?' })).status).toBe(403);
  });

  it('changes the name people see, and the password (the old one stops working)', async () => {
    const { agent, member } = await memberWithAgent(h());
    const named = await agent.api('PATCH', '/me/profile', { displayName: '  Ada L. ' });
    expect(await named.json()).toEqual({ handle: member.handle, displayName: 'Ada L.' });
    expect((await agent.api('PATCH', '/me/profile', { displayName: '' })).status).toBe(400);

    const wrong = await agent.api('PUT', '/me/password', { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' });
    expect((await wrong.json()).error.fields).toEqual({ currentPassword: 'That is not your current password.' });
    const changed = await agent.api('PUT', '/me/password', { currentPassword: member.password, newPassword: 'a brand new passphrase' });
    expect(changed.status).toBe(204);
    expect((await h().agent().api('POST', '/tokens', { login: member.handle, password: member.password })).status).toBe(401);
    expect((await h().agent().api('POST', '/tokens', { login: member.handle, password: 'a brand new passphrase' })).status).toBe(201);
  });

  it('resets a forgotten password with the mailed token, saying nothing about unknown addresses', async () => {
    const member = await createMember(h().ctx, { handle: 'forgetful' });
    expect((await h().agent().api('POST', '/password-resets', { email: 'nobody@example.org' })).status).toBe(202);
    expect((await h().agent().api('POST', '/password-resets', { email: member.email })).status).toBe(202);
    const token = linkIn((await latestMailTo(h(), member.email)).text)
      .split('/')
      .pop()!;
    const weak = await h().agent().api('POST', '/password-resets/completion', { token, password: 'short' });
    expect((await weak.json()).error.fields.password).toMatch(/at least 12/);
    expect((await h().agent().api('POST', '/password-resets/completion', { token, password: 'remembered at last' })).status).toBe(204);
    expect((await h().agent().api('POST', '/password-resets/completion', { token, password: 'remembered at last' })).status).toBe(404);
    expect((await h().agent().api('POST', '/tokens', { login: 'forgetful', password: 'remembered at last' })).status).toBe(201);
  });

  it('mails a confirmation link, starts an email change, and signs out every browser session', async () => {
    const { agent, member } = await memberWithAgent(h(), { emailVerified: false });
    expect((await agent.api('POST', '/me/email-verification')).status).toBe(202);
    expect(linkIn((await latestMailTo(h(), member.email)).text)).toContain('/verify-email/');

    const mistyped = await agent.api('POST', '/me/email-change', { email: 'new@', password: member.password });
    expect((await mistyped.json()).error.fields.email).toBeTruthy();
    expect((await agent.api('POST', '/me/email-change', { email: 'moved@example.org', password: member.password })).status).toBe(202);
    expect(linkIn((await latestMailTo(h(), 'moved@example.org')).text)).toContain('/confirm-email/');

    const browser = h().agent();
    await browser.post('/sign-in', { login: member.handle, password: member.password });
    expect((await browser.get('/settings')).status).toBe(200);
    expect(await (await agent.api('DELETE', '/me/sessions')).json()).toEqual({ signedOut: 1 });
    expect((await browser.get('/settings')).status).not.toBe(200);
  });

  it('previews a blog address through the same guarded fetcher, which refuses private addresses', async () => {
    const { agent } = await memberWithAgent(h());
    const res = await agent.api('POST', '/me/blogs/preview', { url: 'http://10.1.2.3/feed' });
    expect(res.status).toBe(422);
    expect((await agent.api('GET', '/me/blogs')).status).toBe(200);
    expect((await (await agent.api('GET', '/me/blogs')).json()).items).toEqual([]);
  });
});

describeEachDatabase('API twins of the administrators’ page actions', (h) => {
  it('adds a network to the directory and corrects it; members are refused', async () => {
    const { agent: admin } = await memberWithAgent(h(), { roles: ['admin'] });
    const { agent: member } = await memberWithAgent(h());
    const network = {
      slug: 'example-net',
      name: 'Example',
      url: 'https://example.org/',
      offers: 'Talk.',
      suits: 'Everyone.',
      dataAndLeaving: 'Export anytime.',
      checkedOn: '2026-11-01',
    };
    expect((await member.api('POST', '/networks', network)).status).toBe(403);
    const bad = await admin.api('POST', '/networks', { ...network, url: 'example.org', checkedOn: 'yesterday' });
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['checkedOn', 'url']);
    expect(await (await admin.api('POST', '/networks', network)).json()).toEqual({ slug: 'example-net' });
    expect((await admin.api('POST', '/networks', network)).status).toBe(409);
    expect((await admin.api('PUT', '/networks/example-net', { ...network, name: 'Example Net' })).status).toBe(200);
    const listed = (await (await member.api('GET', '/networks')).json()).items as Array<{ slug: string; name: string }>;
    expect(listed.find((n) => n.slug === 'example-net')?.name).toBe('Example Net');
    expect((await admin.api('PUT', '/networks/no-such-net', { ...network, slug: 'fresh-net' })).status).toBe(404);
  });
});
