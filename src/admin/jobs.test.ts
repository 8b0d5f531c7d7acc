import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent, memberWithSession } from '../../test/support/programmes.ts';

describeEachDatabase('the job queue for administrators', (h) => {
  it('shows counts and dead letters with their last error, and retries one by page and by API', async () => {
    const { agent: admin } = await memberWithSession(h(), { roles: ['admin'] });
    const { agent: adminApi } = await memberWithAgent(h(), { roles: ['admin'] });
    const send = vi.spyOn(h().ctx.mailer, 'send').mockRejectedValue(new Error('550 mailbox unavailable'));
    await h().ctx.jobs.enqueue('mail.send', { to: 'gone@example.org', subject: 'Hello', text: 'x' }, { maxAttempts: 1, key: 'dead-one' });
    await h().ctx.jobs.enqueue('mail.send', { to: 'gone2@example.org', subject: 'Hello', text: 'x' }, { maxAttempts: 1, key: 'dead-two' });
    await h().ctx.jobs.drain();
    send.mockResolvedValue(undefined);

    const page = await (await admin.get('/admin/jobs')).text();
    expect(page).toContain('Background jobs');
    expect(page).toContain('550 mailbox unavailable');
    expect(page).toContain('dead-one');

    const listed = await (await adminApi.api('GET', '/admin/jobs')).json();
    expect(listed.counts).toContainEqual({ name: 'mail.send', state: 'dead', count: 2 });
    const [first, second] = listed.deadLetters.filter((d: { name: string }) => d.name === 'mail.send');
    expect(first).toMatchObject({ attempts: 1, lastError: '550 mailbox unavailable' });

    // A retry from another site is refused (the Origin check), then the page's own form works.
    expect(
      (await admin.request(`/admin/jobs/${first.id}/retry`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);
    const retried = await admin.post(`/admin/jobs/${first.id}/retry`, {});
    expect(retried.status).toBe(303);
    expect((await adminApi.api('POST', `/admin/jobs/${second.id}/retry`)).status).toBe(204);
    expect((await adminApi.api('POST', `/admin/jobs/${second.id}/retry`)).status).toBe(404);
    await h().ctx.jobs.drain();
    expect(
      send.mock.calls
        .map(([m]) => m.to)
        .slice(-2)
        .sort(),
    ).toEqual(['gone2@example.org', 'gone@example.org']);
    const after = await (await adminApi.api('GET', '/admin/jobs')).json();
    expect(after.deadLetters.filter((d: { name: string }) => d.name === 'mail.send')).toEqual([]);
    send.mockRestore();
  });

  it('is for administrators only', async () => {
    const { agent: member } = await memberWithSession(h());
    const { agent: memberApi } = await memberWithAgent(h());
    expect((await member.get('/admin/jobs')).status).toBe(403);
    expect((await member.post('/admin/jobs/01a23378-ecdd-76ae-ab9d-220dbabe7060/retry', {})).status).toBe(403);
    expect((await memberApi.api('GET', '/admin/jobs')).status).toBe(403);
    expect((await h().agent().api('GET', '/admin/jobs')).status).toBe(401);
  });
});
