import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import type { Agent } from '../../test/support/agent.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

// Who is asking is kept in memory (accounts/viewers.ts). Each test first makes sure the viewer is
// kept (a request succeeds, and the next one is answered from the cache), then checks that the
// change drops it at once: the very next request is refused.
describeEachDatabase('kept viewers', (h) => {
  const viewerHits = () =>
    h()
      .ctx.cache.stats()
      .find((s) => s.name === 'viewers')?.hits ?? 0;

  async function signedInAgent(login: string, password: string): Promise<Agent> {
    const agent = h().agent();
    expect((await agent.post('/sign-in', { login, password })).status).toBe(303);
    return agent;
  }

  /** The settings page answers 200 to its member and sends anyone else to sign in. */
  const seesSettings = async (agent: Agent) => (await agent.get('/settings')).status === 200;

  async function keptFor(agent: Agent, request: (agent: Agent) => Promise<boolean>) {
    expect(await request(agent)).toBe(true);
    const before = viewerHits();
    expect(await request(agent)).toBe(true);
    expect(viewerHits()).toBeGreaterThan(before);
  }

  it('keeps a signed-in viewer, and still sends a stranger with a made-up cookie to sign in', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_kept' });
    const agent = await signedInAgent('kv_kept', member.password);
    await keptFor(agent, seesSettings);
    const stranger = h().agent();
    stranger.cookies.set('cp_session', 'not-a-real-session-token');
    expect(await seesSettings(stranger)).toBe(false);
  });

  it('refuses a revoked API token on the next request', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_token' });
    const agent = h().agent();
    const { token, id } = await (await agent.api('POST', '/tokens', { login: 'kv_token', password: member.password })).json();
    agent.token = token;
    await keptFor(agent, async (a) => (await a.api('GET', '/me')).status === 200);

    const other = h().agent();
    await other.signIn('kv_token', member.password);
    expect((await other.api('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect((await agent.api('GET', '/me')).status).toBe(401);
  });

  it('ends a session for every copy of its cookie when its member signs out', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_signout' });
    const agent = await signedInAgent('kv_signout', member.password);
    const copy = h().agent();
    for (const [name, value] of agent.cookies) copy.cookies.set(name, value);
    await keptFor(copy, seesSettings);

    expect((await agent.post('/sign-out')).status).toBe(303);
    expect(await seesSettings(copy)).toBe(false);
  });

  it('signs out every other session at once when she signs out everywhere', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_everywhere' });
    const laptop = await signedInAgent('kv_everywhere', member.password);
    const phone = await signedInAgent('kv_everywhere', member.password);
    await keptFor(phone, seesSettings);
    await keptFor(laptop, seesSettings);

    expect((await laptop.post('/settings/sessions/sign-out-everywhere')).status).toBe(303);
    expect(await seesSettings(phone)).toBe(false);
    expect(await seesSettings(laptop)).toBe(true);
  });

  it('applies a change of roles to her very next request, by page and by API', async () => {
    const admin = await createMember(h().ctx, { handle: 'kv_admin', roles: ['admin'] });
    const member = await createMember(h().ctx, { handle: 'kv_roles', roles: ['admin'] });
    const page = await signedInAgent('kv_roles', member.password);
    const api = h().agent();
    await api.signIn('kv_roles', member.password);
    await keptFor(page, async (a) => (await a.get('/admin/members')).status === 200);
    await keptFor(api, async (a) => ((await (await a.api('GET', '/me')).json()) as { roles: string[] }).roles.includes('admin'));

    const adminAgent = h().agent();
    await adminAgent.signIn('kv_admin', admin.password);
    expect((await adminAgent.api('PUT', '/members/kv_roles/roles', { roles: [] })).status).toBe(200);
    expect((await page.get('/admin/members')).status).toBe(403);
    expect(((await (await api.api('GET', '/me')).json()) as { roles: string[] }).roles).toEqual(['member']);
  });

  it('forgets a deleted account at once, for her sessions and her tokens', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_deleted' });
    const page = await signedInAgent('kv_deleted', member.password);
    const api = h().agent();
    await api.signIn('kv_deleted', member.password);
    await keptFor(page, seesSettings);
    await keptFor(api, async (a) => (await a.api('GET', '/me')).status === 200);

    // No page deletes an account yet; a deletion through the app's database is what one will do.
    await h().ctx.db.kysely.deleteFrom('users').where('id', '=', member.id).execute();
    expect(await seesSettings(page)).toBe(false);
    expect((await api.api('GET', '/me')).status).toBe(401);
  });

  it('still ends a session left idle too long, though its viewer was kept', async () => {
    const member = await createMember(h().ctx, { handle: 'kv_idle' });
    const agent = await signedInAgent('kv_idle', member.password);
    await keptFor(agent, seesSettings);
    h().clock.advance(15 * 86_400_000);
    expect(await seesSettings(agent)).toBe(false);
  });
});
