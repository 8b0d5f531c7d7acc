import net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
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

/** A real SMTP server on loopback (smtp-server), keeping what arrives parsed (mailparser). */
export async function startSmtpServer(port: number): Promise<{ received: ParsedMail[]; close(): Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback, as a test relay: no TLS certificate to trust, no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port nothing listens on (yet). */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
