import type { Harness } from './harness.ts';
import { createMember, type MemberOptions } from '../../src/db/factories.ts';

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
