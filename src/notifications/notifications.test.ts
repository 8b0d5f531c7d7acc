import { expect, it } from 'vitest';
import { createMember } from '../dev-data/factories.ts';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { notify } from './notifications.service.ts';

describeEachDatabase('notifications', (h) => {
  it('shows in-site notifications newest first, counts unread, and marks them read', async () => {
    const member = await createMember(h().ctx, { handle: 'nia_notes' });
    await notify(h().ctx, { userId: member.id, kind: 'comment', text: 'Older news', url: '/a' });
    h().clock.advance(60_000);
    await notify(h().ctx, { userId: member.id, kind: 'comment', text: 'Fresh <news>', url: '/b' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'nia_notes', password: member.password });

    const page = await (await agent.get('/notifications')).text();
    expect(page.indexOf('Fresh &lt;news&gt;')).toBeLessThan(page.indexOf('Older news'));
    expect(page).toMatch(/Notifications\s*<span class="badge">2/);

    const res = await agent.api('GET', '/me/notifications');
    const { items, next } = await res.json();
    expect(items.map((n: { read: boolean; url: string }) => [n.url, n.read])).toEqual([
      ['/b', false],
      ['/a', false],
    ]);
    expect(next).toBeNull();

    const open = await agent.post(`/notifications/${items[0].id}/open`);
    expect(open.headers.get('location')).toBe('/b');
    expect((await (await agent.api('GET', '/me/notifications')).json()).items[0].read).toBe(true);
    expect((await agent.api('POST', '/me/notifications/read')).status).toBe(204);
    expect(await (await agent.get('/notifications')).text()).not.toContain('class="badge"');
    // The count is kept between pages, and a new notification shows at once.
    await notify(h().ctx, { userId: member.id, kind: 'comment', text: 'Newest', url: '/c' });
    expect(await (await agent.get('/')).text()).toMatch(/<span class="badge">1/);
  });

  it("mails only kinds the member keeps on, and never another member's notifications", async () => {
    const member = await createMember(h().ctx, { handle: 'oli_mail', email: 'oli@example.org' });
    const other = await createMember(h().ctx, { handle: 'pat_other' });
    const agent = h().agent();
    await agent.post('/sign-in', { login: 'oli_mail', password: member.password });
    await agent.post('/notifications/preferences', { 'email-reply': 'on' }); // everything else off

    await notify(h().ctx, {
      userId: member.id,
      kind: 'comment',
      text: 'A comment',
      url: '/c',
      email: { subject: 'New comment', text: 'x' },
    });
    await notify(h().ctx, { userId: member.id, kind: 'reply', text: 'A reply', url: '/r', email: { subject: 'New reply', text: 'y' } });
    await h().ctx.jobs.drain();
    const subjects = (await h().ctx.mailer.outbox()).filter((m) => m.to === 'oli@example.org').map((m) => m.subject);
    expect(subjects).toEqual(['New reply']);
    expect((await (await agent.api('GET', '/me/notification-preferences')).json()).email).toMatchObject({ comment: false, reply: true });

    await notify(h().ctx, { userId: other.id, kind: 'comment', text: 'Private to Pat', url: '/p' });
    const pats = await h().ctx.db.kysely.selectFrom('notifications').select('id').where('user_id', '=', other.id).executeTakeFirstOrThrow();
    expect((await agent.api('POST', `/me/notifications/${pats.id}/read`)).status).toBe(404);
    expect(await (await agent.get('/notifications')).text()).not.toContain('Private to Pat');
  });
});
