import { describe, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { createLogger } from '../logger.ts';
import type { JobQueue } from '../queue.ts';
import { keyedId } from './pg-boss-backend.ts';
import { createJobQueue, type JobHandler } from './queue.ts';
import { periodStart } from './runner.ts';

describeEachDatabase('the job queue', (h) => {
  /** A queue over the suite's database with handlers of the test's own (as jobs/schedule.ts lists the real ones). */
  const queueWith = (handlers: Record<string, JobHandler>): JobQueue =>
    createJobQueue({ db: h().ctx.db, log: createLogger('silent'), handlers, context: () => h().ctx, settings: { retryDelaySeconds: 1 } });

  it('writes a job only when the transaction that causes it commits, and runs it once', async () => {
    const seen: unknown[] = [];
    const q = queueWith({ 'test.outbox': async (_ctx, payload) => void seen.push(payload) });
    await expect(
      h()
        .ctx.db.kysely.transaction()
        .execute(async (trx) => {
          await q.enqueue('test.outbox', { n: 1 }, { within: trx });
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    await h()
      .ctx.db.kysely.transaction()
      .execute(async (trx) => {
        await q.enqueue('test.outbox', { n: 2 }, { within: trx });
      });
    expect(await q.drain()).toBe(1);
    expect(await q.drain()).toBe(0);
    expect(seen).toEqual([{ n: 2 }]);
    await q.stop();
  });

  it('keeps one job per idempotency key, and waits for run-at', async () => {
    let runs = 0;
    const q = queueWith({ 'test.keyed': async () => void runs++ });
    await q.enqueue('test.keyed', {}, { key: 'period-1' });
    await q.enqueue('test.keyed', {}, { key: 'period-1' });
    await q.enqueueMany('test.keyed', [
      { payload: {}, key: 'period-1' },
      { payload: {}, key: 'period-2' },
    ]);
    await q.enqueue('test.keyed', {}, { key: 'later', runAt: new Date(Date.now() + 3_600_000) });
    await q.drain();
    expect(runs).toBe(2);
    expect((await q.overview()).counts.filter((c) => c.name === 'test.keyed')).toEqual(
      expect.arrayContaining([
        { name: 'test.keyed', state: 'done', count: 2 },
        { name: 'test.keyed', state: 'queued', count: 1 },
      ]),
    );
    await q.stop();
  });

  it('retries a failing job with back-off, ends it dead with its last error, and runs it again on retry', async () => {
    let fixed = false;
    let attempts = 0;
    const q = queueWith({
      'test.flaky': async (_ctx, _payload, run) => {
        attempts = run.attempt;
        if (!fixed) throw new Error(`mail server down (attempt ${run.attempt})`);
      },
    });
    await q.enqueue('test.flaky', {}, { maxAttempts: 2, key: 'flaky' });
    await q.drain();
    expect(attempts).toBe(1);
    // The retry waits (about a second here); it is not taken at once.
    expect(await q.drain()).toBe(0);
    await vi.waitFor(
      async () => {
        await q.drain();
        expect((await q.overview()).deadLetters.map((d) => d.name)).toContain('test.flaky');
      },
      { timeout: 15_000, interval: 300 },
    );
    expect(attempts).toBe(2);
    const dead = (await q.overview()).deadLetters.find((d) => d.name === 'test.flaky')!;
    expect(dead).toMatchObject({ key: 'flaky', attempts: 2, lastError: 'mail server down (attempt 2)' });

    fixed = true;
    expect(await q.retry(dead.id)).toBe(true);
    expect(await q.retry(dead.id)).toBe(false);
    await q.drain();
    const after = await q.overview();
    expect(after.deadLetters.find((d) => d.id === dead.id)).toBeUndefined();
    expect(after.counts).toContainEqual({ name: 'test.flaky', state: 'done', count: 1 });
    await q.stop();
  });

  it('sends the confirmation mail of a sign-up from the queue, not in the request', async () => {
    const res = await h()
      .agent()
      .api('POST', '/accounts', { handle: 'qu_signup', email: 'qu@example.org', password: 'a long enough passphrase', displayName: 'Qu' });
    expect(res.status).toBe(201);
    expect((await h().ctx.mailer.outbox()).filter((m) => m.to === 'qu@example.org')).toHaveLength(0);
    await h().ctx.jobs.drain();
    await h().ctx.jobs.drain();
    expect((await h().ctx.mailer.outbox()).filter((m) => m.to === 'qu@example.org').map((m) => m.subject)).toEqual([
      'Confirm your email address for Commonplace',
    ]);
    // The queue holds no usable link: the token is made when the mail goes out.
    const tokens = await h().ctx.db.kysely.selectFrom('email_tokens').select('id').where('email', '=', 'qu@example.org').execute();
    expect(tokens).toHaveLength(1);
  });

  it('enqueues each scheduled job once per period, however many processes tick', async () => {
    const before = (await h().ctx.jobs.overview()).counts.filter((c) => c.name === 'purge-expired-sessions');
    const at = new Date('2026-12-01T21:17:00.200Z');
    await Promise.all(
      [1, 2, 3].map(() => h().ctx.jobs.enqueue('purge-expired-sessions', {}, { key: periodStart('17 * * * *', at).toISOString() })),
    );
    expect(await h().ctx.jobs.drain({ names: ['purge-expired-sessions'] })).toBe(1);
    expect(await h().ctx.jobs.drain({ names: ['purge-expired-sessions'] })).toBe(0);
    const after = (await h().ctx.jobs.overview()).counts.filter((c) => c.name === 'purge-expired-sessions');
    expect(after.reduce((n, c) => n + c.count, 0) - before.reduce((n, c) => n + c.count, 0)).toBe(1);
  });
});

describe('job periods and keys', () => {
  it('names a period by the latest occurrence of its pattern', () => {
    expect(periodStart('*/10 * * * *', new Date('2026-12-01T21:13:40Z')).toISOString()).toBe('2026-12-01T21:10:00.000Z');
    // A tick a moment early still names its own minute.
    expect(periodStart('* * * * *', new Date('2026-12-01T21:13:59.900Z')).toISOString()).toBe('2026-12-01T21:14:00.000Z');
    expect(periodStart('17 * * * *', new Date('2026-12-01T21:16:00Z')).toISOString()).toBe('2026-12-01T20:17:00.000Z');
  });

  it('makes the same UUID from the same name and key, and another for another key', () => {
    expect(keyedId('mail.send', 'a')).toBe(keyedId('mail.send', 'a'));
    expect(keyedId('mail.send', 'a')).not.toBe(keyedId('mail.send', 'b'));
    expect(keyedId('mail.send', 'a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
