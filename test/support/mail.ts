import { expect } from 'vitest';
import type { OutboxMessage } from '../../src/mail/mailer.ts';
import type { Harness } from './harness.ts';

/** The newest message in the test outbox addressed to `to`, once the queued mail is sent. */
export async function latestMailTo(h: Harness, to: string): Promise<OutboxMessage> {
  await h.ctx.jobs.drain();
  const mail = (await h.ctx.mailer.outbox()).find((m) => m.to === to);
  expect(mail, `a mail to ${to}`).toBeDefined();
  return mail!;
}

/** The first link in a mail's text. */
export function linkIn(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  expect(match, 'a link in the mail').not.toBeNull();
  return match![0];
}
