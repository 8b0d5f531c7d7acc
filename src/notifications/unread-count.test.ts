import { expect, it } from 'vitest';
import { createBlogPost, createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession } from '../../test/support/programmes.ts';
import { notify } from './notifications.service.ts';

const badge = async (res: Response) => /<span class="badge">(\d+)/.exec(await res.text())?.[1] ?? '0';

describeEachDatabase('the unread count on every signed-in page', (h) => {
  it('is kept between pages, yet right at once after a notification or a read', async () => {
    const { member, agent } = await memberWithSession(h(), { handle: 'unread_owner' });
    const post = await createBlogPost(h().ctx, member, { title: 'Talk to me' });
    const { agent: commenter } = await memberWithAgent(h(), { handle: 'unread_commenter' });
    const other = await createMember(h().ctx, { handle: 'unread_other' });
    expect(await badge(await agent.get('/'))).toBe('0');
    const unread = () =>
      h()
        .ctx.cache.stats()
        .find((s) => s.name === 'unread-counts')!;
    const hits = unread().hits;
    expect(await badge(await agent.get('/posts'))).toBe('0');
    expect(unread().hits).toBe(hits + 1);

    // A comment notifies the post's author: her next page says so.
    expect((await commenter.api('POST', `/posts/${post.id}/comments`, { body: 'Hello there.' })).status).toBe(201);
    expect(await badge(await agent.get('/'))).toBe('1');
    // Another member's notification leaves her count as it is, and kept.
    await notify(h().ctx, { userId: other.id, kind: 'comment', text: 'Not hers', url: '/x' });
    expect(await badge(await agent.get('/'))).toBe('1');

    expect((await agent.post('/notifications/read')).status).toBe(303);
    expect(await badge(await agent.get('/'))).toBe('0');
  });
});
