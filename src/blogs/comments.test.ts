import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase, type Harness } from '../../test/support/harness.ts';

const day = 24 * 3_600_000;

async function signedIn(h: Harness, handle: string, options: { roles?: Array<'moderator'> } = {}) {
  const member = await createMember(h.ctx, { handle, roles: options.roles ?? [] });
  const agent = h.agent();
  agent.token = (await (await agent.api('POST', '/tokens', { login: handle, password: member.password })).json()).token;
  return { member, agent };
}

describeEachDatabase('comments', (h) => {
  let author: Awaited<ReturnType<typeof signedIn>>;
  let reader: Awaited<ReturnType<typeof signedIn>>;
  let third: Awaited<ReturnType<typeof signedIn>>;
  let postId: string;

  it('sets up a post and members old enough not to be held', async () => {
    author = await signedIn(h(), 'c_author');
    reader = await signedIn(h(), 'c_reader');
    third = await signedIn(h(), 'c_third');
    h().clock.advance(2 * day);
    postId = (await (await author.agent.api('POST', '/posts', { title: 'Talk to me', body: 'Hello', status: 'published' })).json()).id;
  });

  it('threads comments and replies, and tells the post author and the parent comment author', async () => {
    const first = await reader.agent.api('POST', `/posts/${postId}/comments`, { body: 'Lovely **post**' });
    expect(first.status).toBe(201);
    const { id: c1, held } = await first.json();
    expect(held).toBe(false);
    const reply = await third.agent.api('POST', `/posts/${postId}/comments`, { body: 'Agreed', parentId: c1 });
    const { id: c2 } = await reply.json();
    const answer = await author.agent.api('POST', `/posts/${postId}/comments`, { body: 'Thank you both', parentId: c2 });
    expect(answer.status).toBe(201);

    const list = await (await h().agent().api('GET', `/posts/${postId}/comments`)).json();
    expect(
      list.items.map((c: { parentId: string | null; author: { handle: string } }) => [
        c.parentId === null ? 'top' : 'reply',
        c.author.handle,
      ]),
    ).toEqual([
      ['top', 'c_reader'],
      ['reply', 'c_third'],
      ['reply', 'c_author'],
    ]);
    expect(list.items[0].html).toContain('<strong>post</strong>');

    const kinds = async (m: typeof author) =>
      ((await (await m.agent.api('GET', '/me/notifications')).json()).items as Array<{ kind: string }>).map((n) => n.kind).sort();
    expect(await kinds(author)).toEqual(['comment', 'comment']); // c1 and c2 on her post; her own reply tells nobody about itself
    expect(await kinds(reader)).toEqual(['reply']);
    expect(await kinds(third)).toEqual(['reply']);

    const page = await (await h().agent().get('/@c_author/talk-to-me')).text();
    expect(page).toContain(`id="comment-${c2}"`);
    expect(page).toMatch(/class="comments replies"/);
  });

  it('deletes by comment author, post author or moderator only, leaving a placeholder while replies hang on', async () => {
    const top = (await (await reader.agent.api('POST', `/posts/${postId}/comments`, { body: 'Delete me later' })).json()).id;
    const child = (await (await third.agent.api('POST', `/posts/${postId}/comments`, { body: 'A reply that stays', parentId: top })).json())
      .id;
    expect((await third.agent.api('DELETE', `/comments/${top}`)).status).toBe(403);
    expect((await h().agent().api('DELETE', `/comments/${top}`)).status).toBe(401);
    expect((await author.agent.api('DELETE', `/comments/${top}`)).status).toBe(204);
    let items = (await (await h().agent().api('GET', `/posts/${postId}/comments`)).json()).items;
    const placeholder = items.find((c: { id: string }) => c.id === top);
    expect(placeholder).toMatchObject({ deleted: true, html: '', author: null });
    expect(items.find((c: { id: string }) => c.id === child)).toMatchObject({ deleted: false, parentId: top });
    expect(await (await h().agent().get('/@c_author/talk-to-me')).text()).toContain('This comment was deleted.');
    expect(await (await h().agent().get('/@c_author/talk-to-me')).text()).not.toContain('Delete me later');

    const mod = await signedIn(h(), 'c_moderator', { roles: ['moderator'] });
    expect((await mod.agent.api('DELETE', `/comments/${child}`)).status).toBe(204);
    items = (await (await h().agent().api('GET', `/posts/${postId}/comments`)).json()).items;
    expect(items.map((c: { id: string }) => c.id)).not.toContain(top);
    expect(items.map((c: { id: string }) => c.id)).not.toContain(child);
  });

  it('lets the author edit a comment for 15 minutes only', async () => {
    const id = (await (await reader.agent.api('POST', `/posts/${postId}/comments`, { body: 'Typo hre' })).json()).id;
    expect((await third.agent.api('PATCH', `/comments/${id}`, { body: 'Not mine' })).status).toBe(403);
    expect((await reader.agent.api('PATCH', `/comments/${id}`, { body: 'Typo here' })).status).toBe(204);
    h().clock.advance(16 * 60_000);
    expect((await reader.agent.api('PATCH', `/comments/${id}`, { body: 'Too late' })).status).toBe(403);
    const c = (await (await h().agent().api('GET', `/posts/${postId}/comments`)).json()).items.find((x: { id: string }) => x.id === id);
    expect(c.html).toContain('Typo here');
    expect(c.editedAt).not.toBeNull();
  });

  it('follows who may comment, per blog and per post', async () => {
    const quiet = (
      await (await author.agent.api('POST', '/posts', { title: 'No comments', body: 'x', status: 'published', comments: 'nobody' })).json()
    ).id;
    expect((await reader.agent.api('POST', `/posts/${quiet}/comments`, { body: 'hi' })).status).toBe(403);
    await author.agent.post('/blog/settings', { comments: 'nobody' }); // token auth: pages accept it too
    expect((await reader.agent.api('POST', `/posts/${postId}/comments`, { body: 'closed?' })).status).toBe(403);
    await author.agent.api('PATCH', `/posts/${postId}`, { comments: 'signed_in' });
    expect((await reader.agent.api('POST', `/posts/${postId}/comments`, { body: 'open again' })).status).toBe(201);
    await author.agent.post('/blog/settings', { comments: 'signed_in' });
    expect((await h().agent().api('POST', `/posts/${postId}/comments`, { body: 'anon' })).status).toBe(401);
    const hidden = (
      await (await author.agent.api('POST', '/posts', { title: 'Mine only', body: 'x', status: 'published', visibility: 'private' })).json()
    ).id;
    expect((await reader.agent.api('POST', `/posts/${hidden}/comments`, { body: 'peek' })).status).toBe(404);
  });

  it('holds a new account’s first comment for the post author, then lets it show', async () => {
    const newbie = await signedIn(h(), 'c_newbie');
    const res = await newbie.agent.api('POST', `/posts/${postId}/comments`, { body: 'Buy cheap watches' });
    const { id, held } = await res.json();
    expect(held).toBe(true);
    const seenBy = async (agent: ReturnType<Harness['agent']>) =>
      ((await (await agent.api('GET', `/posts/${postId}/comments`)).json()).items as Array<{ id: string }>).some((c) => c.id === id);
    expect(await seenBy(h().agent())).toBe(false);
    expect(await seenBy(reader.agent)).toBe(false);
    expect(await seenBy(newbie.agent)).toBe(true);
    expect(await seenBy(author.agent)).toBe(true);
    expect((await reader.agent.post(`/comments/${id}/approve`)).status).toBe(404); // not theirs to know of
    expect((await author.agent.post(`/comments/${id}/approve`)).status).toBe(303);
    expect(await seenBy(h().agent())).toBe(true);
    const next = await (await newbie.agent.api('POST', `/posts/${postId}/comments`, { body: 'Second one' })).json();
    expect(next.held).toBe(false);
  });

  it('limits how fast one member comments', async () => {
    const fast = await signedIn(h(), 'c_fast');
    h().clock.advance(2 * day);
    let status = 0;
    let retry: string | null = null;
    for (let i = 0; i < 11; i++) {
      const res = await fast.agent.api('POST', `/posts/${postId}/comments`, { body: `comment ${i}` });
      status = res.status;
      retry = res.headers.get('retry-after');
    }
    expect(status).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
  });

  it('comments and replies through the pages', async () => {
    const member = await createMember(h().ctx, { handle: 'c_pages' });
    h().clock.advance(2 * day);
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'c_pages', password: member.password });
    const empty = await agent.post('/@c_author/talk-to-me/comments', { body: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write a comment.');
    const res = await agent.post('/@c_author/talk-to-me/comments', { body: 'From the page' });
    expect(res.status).toBe(303);
    const id = /#comment-(.+)$/.exec(res.headers.get('location')!)![1]!;
    const reply = await agent.post('/@c_author/talk-to-me/comments', { parentId: id, [`body-${id}`]: 'And a reply to myself' });
    expect(reply.status).toBe(303);
    const items = (await (await h().agent().api('GET', `/posts/${postId}/comments`)).json()).items;
    expect(items.find((c: { html: string }) => c.html.includes('And a reply'))?.parentId).toBe(id);
    expect((await agent.post(`/comments/${id}/delete`)).status).toBe(303);
  });
});
