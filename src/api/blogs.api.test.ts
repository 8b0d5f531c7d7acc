import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent } from '../../test/support/programmes.ts';

const day = 24 * 3_600_000;

describeEachDatabase('approving a held comment through the API', (h) => {
  it('lets the post’s author or a moderator approve (204); the comment’s author is refused, others do not learn of it', async () => {
    const author = await memberWithAgent(h());
    const reader = await memberWithAgent(h());
    const moderator = await memberWithAgent(h(), { roles: ['moderator'] });
    h().clock.advance(2 * day); // they are no longer new; the newcomers below are
    const post = await author.agent.api('POST', '/posts', { title: 'Approvals', body: 'Hello', status: 'published' });
    const postId = (await post.json()).id;
    const newcomer = await memberWithAgent(h());
    const held = async (body: string) => {
      const res = await newcomer.agent.api('POST', `/posts/${postId}/comments`, { body });
      const comment = await res.json();
      expect(comment.held).toBe(true);
      return comment.id as string;
    };
    const shownToStrangers = async (id: string) =>
      ((await (await h().agent().api('GET', `/posts/${postId}/comments`)).json()).items as Array<{ id: string }>).some((c) => c.id === id);

    const first = await held('First words');
    expect((await h().agent().api('POST', `/comments/${first}/approval`)).status).toBe(401);
    expect((await reader.agent.api('POST', `/comments/${first}/approval`)).status).toBe(404);
    expect((await newcomer.agent.api('POST', `/comments/${first}/approval`)).status).toBe(403);
    expect((await reader.agent.api('POST', '/comments/no-such-comment/approval')).status).toBe(404);
    expect(await shownToStrangers(first)).toBe(false);

    expect((await author.agent.api('POST', `/comments/${first}/approval`)).status).toBe(204);
    expect(await shownToStrangers(first)).toBe(true);
    expect((await author.agent.api('POST', `/comments/${first}/approval`)).status).toBe(204); // already shows: no change

    const other = await createMember(h().ctx); // a second newcomer, whose comment a moderator lets show
    const otherAgent = h().agent();
    await otherAgent.signIn(other.handle, other.password);
    const second = (await (await otherAgent.api('POST', `/posts/${postId}/comments`, { body: 'Hi all' })).json()).id as string;
    expect(await shownToStrangers(second)).toBe(false);
    expect((await moderator.agent.api('POST', `/comments/${second}/approval`)).status).toBe(204);
    expect(await shownToStrangers(second)).toBe(true);
  });
});
