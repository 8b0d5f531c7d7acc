import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';

describeEachDatabase('roles', (h) => {
  it('lets an administrator make a member an organiser, by page and by API, and nobody else', async () => {
    const admin = await createMember(h().ctx, { handle: 'ro_admin', roles: ['admin'] });
    const member = await createMember(h().ctx, { handle: 'ro_member' });
    const adminAgent = h().agent();
    await adminAgent.post('/sign-in', { login: 'ro_admin', password: admin.password });

    const page = await (await adminAgent.get('/admin/members?q=ro_')).text();
    expect(page).toContain('@ro_member');
    const saved = await adminAgent.post('/admin/members/ro_member/roles', { roles: 'organiser' });
    expect(saved.status).toBe(303);

    const memberAgent = h().agent();
    memberAgent.token = (await (await memberAgent.api('POST', '/tokens', { login: 'ro_member', password: member.password })).json()).token;
    expect((await (await memberAgent.api('GET', '/me')).json()).roles).toEqual(['member', 'organiser']);

    // Members cannot give themselves roles, by page or API.
    expect((await memberAgent.api('PUT', '/members/ro_member/roles', { roles: ['admin'] })).status).toBe(403);
    expect((await memberAgent.get('/admin/members')).status).toBe(403);

    adminAgent.token = (await (await adminAgent.api('POST', '/tokens', { login: 'ro_admin', password: admin.password })).json()).token;
    const api = await adminAgent.api('PUT', '/members/ro_member/roles', { roles: ['moderator'] });
    expect(await api.json()).toEqual({ handle: 'ro_member', roles: ['member', 'moderator'] });
    expect((await adminAgent.api('PUT', '/members/ro_member/roles', { roles: ['overlord'] })).status).toBe(400);
    expect((await adminAgent.api('PUT', '/members/nobody_here/roles', { roles: [] })).status).toBe(404);
    // An administrator keeps her own admin role.
    const self = await adminAgent.api('PUT', '/members/ro_admin/roles', { roles: [] });
    expect(self.status).toBe(422);
    expect((await (await adminAgent.api('GET', '/me')).json()).roles).toContain('admin');
  });
});
