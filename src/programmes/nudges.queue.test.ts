import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithSession } from '../../test/support/programmes.ts';
import { enrolCohortInBulk } from '../dev-data/bulk-cohort.ts';
import { createTestProgramme } from '../dev-data/factories.ts';

describeEachDatabase('a nudge to a national cohort', (h) => {
  it('queues 2,000 mails in the request, sends none there, and the worker sends each once', { timeout: 120_000 }, async () => {
    const { member: organiser, agent } = await memberWithSession(h(), { roles: ['organiser'] });
    const programme = await createTestProgramme(h().ctx, organiser, { title: 'National', startsOn: '2026-11-02', weeks: 4 });
    const { emails } = await enrolCohortInBulk(h().ctx, programme, 2000);
    // The transport is the mailer's own business (tested there); here, count what the worker hands it.
    const send = vi.spyOn(h().ctx.mailer, 'send').mockResolvedValue(undefined);
    await h().ctx.jobs.overview(); // the queue is started, as in a running server

    const res = await agent.post(`/programmes/${programme.slug}/nudges`, {
      filter: 'all',
      subject: 'Week 1 is open',
      body: 'Dear {name}, have a look: {link}',
    });
    expect(res.status).toBe(303);
    expect(send).not.toHaveBeenCalled();
    const queued = (await h().ctx.jobs.overview()).counts.filter((c) => c.name === 'mail.send');
    expect(queued).toEqual([{ name: 'mail.send', state: 'queued', count: 2000 }]);

    await h().ctx.jobs.drain();
    expect(send).toHaveBeenCalledTimes(2000);
    const recipients = send.mock.calls.map(([mail]) => mail.to);
    expect(new Set(recipients)).toEqual(new Set(emails));
    expect(await h().ctx.jobs.drain()).toBe(0);
    expect(send).toHaveBeenCalledTimes(2000);
    send.mockRestore();
  });
});
