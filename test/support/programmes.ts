import type { Harness } from './harness.ts';
import type { Account } from '../../src/accounts/accounts.service.ts';
import { createMember, createTestProgramme, type MemberOptions } from '../../src/dev-data/factories.ts';
import { enrol } from '../../src/programmes/programmes.service.ts';

/** A member and an API client signed in as her (by token). */
export async function memberWithAgent(h: Harness, options: MemberOptions = {}) {
  const member = await createMember(h.ctx, options);
  const agent = h.agent();
  const res = await agent.api('POST', '/tokens', { login: member.handle, password: member.password });
  agent.token = ((await res.json()) as { token: string }).token;
  return { member, agent };
}

/** A member and a browser-like client signed in by the sign-in form (cookies). */
export async function memberWithSession(h: Harness, options: MemberOptions = {}) {
  const member = await createMember(h.ctx, options);
  const agent = h.agent();
  await agent.post('/sign-in', { login: member.handle, password: member.password });
  return { member, agent };
}

/** A real programme with the given Things, run by a fresh organiser, and a way to enrol members in it. */
export async function programmeWithThings(
  h: Harness,
  slug: string,
  things: Array<{ number: number; title: string; week: number; tags?: string[] }>,
) {
  const organiser = await createMember(h.ctx, {
    handle: `org_${slug.replace(/[^a-z0-9]/g, '')}_${Date.now().toString(36)}`.slice(0, 30),
    roles: ['organiser'],
  });
  const programme = await createTestProgramme(h.ctx, organiser, { slug, things });
  return {
    programme,
    organiser,
    enrol: async (member: Account) => {
      await enrol(h.ctx, member, programme);
    },
  };
}
