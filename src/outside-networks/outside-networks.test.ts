import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession } from '../../test/support/programmes.ts';
import { seedNetworkDirectory } from './outside-networks.service.ts';

describeEachDatabase('the outside networks directory', (h) => {
  it('records stances with private notes by default and tallies where peers are', async () => {
    await seedNetworkDirectory(h().ctx);
    const { agent: ann } = await memberWithSession(h(), { displayName: 'Ann Stance' });
    const { agent: bob } = await memberWithAgent(h(), { displayName: 'Bob Stance' });
    expect(
      (
        await ann.post('/networks/mastodon/stance', {
          'stance-mastodon': 'joined',
          'note-mastodon': 'Secret reasons',
          'visibility-mastodon': 'private',
        })
      ).status,
    ).toBe(303);
    expect(
      (await bob.api('PUT', '/networks/mastodon/stance', { stance: 'joined', note: 'Found the library folk', noteVisibility: 'members' }))
        .status,
    ).toBe(204);
    expect((await bob.api('PUT', '/networks/linkedin/stance', { stance: 'not-for-me' })).status).toBe(204);
    expect((await bob.api('PUT', '/networks/linkedin/stance', { stance: 'sometimes' })).status).toBe(400);
    expect((await bob.api('PUT', '/networks/nowhere/stance', { stance: 'joined' })).status).toBe(404);

    const { items } = await (await bob.api('GET', '/networks')).json();
    expect(items).toHaveLength(6);
    const mastodon = items.find((n: { slug: string }) => n.slug === 'mastodon');
    expect(mastodon.tally).toEqual({ joined: 2, planning: 0, later: 0, 'not-for-me': 0 });
    expect(mastodon.mine).toEqual({ stance: 'joined', note: 'Found the library folk', noteVisibility: 'members' });
    expect(mastodon.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const annPage = await (await ann.get('/networks')).text();
    expect(annPage).toContain('Found the library folk');
    const { agent: cy } = await memberWithSession(h());
    const cyPage = await (await cy.get('/networks')).text();
    expect(cyPage).not.toContain('Secret reasons');
    expect(cyPage).toContain('Joined: 2');
    expect(await (await h().agent().get('/networks')).text()).not.toContain('Found the library folk');
  });

  it('is curated by admins only', async () => {
    const { agent: member } = await memberWithSession(h());
    const entry = {
      name: 'Library Chat',
      slug: 'library-chat',
      url: 'https://chat.example.org/',
      offers: 'Chat.',
      suits: 'All.',
      dataAndLeaving: 'Export anytime.',
      checkedOn: '2026-11-01',
    };
    expect((await member.post('/networks', entry)).status).toBe(403);
    const { agent: admin } = await memberWithSession(h(), { roles: ['admin'] });
    const bad = await admin.post('/networks', { ...entry, url: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="Library Chat"');
    expect((await admin.post('/networks', entry)).status).toBe(303);
    expect(await (await member.get('/networks')).text()).toContain('Library Chat');
  });
});
