import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import { newId } from '../ids.ts';
import type { Logger } from '../logger.ts';
import type { JobRun } from '../queue.ts';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /**
   * Makes the Message-ID: a message sent again for the same job (a worker killed after sending,
   * before it could record that) carries the same one, so mail clients show it once.
   */
  readonly messageId?: string;
}

export interface OutboxMessage extends Mail {
  readonly id: string;
  readonly sentAt: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Mail kept in the outbox (only when no SMTP server is configured), newest first. */
  outbox(): Promise<OutboxMessage[]>;
}

export interface MailerOptions {
  readonly smtpUrl: string | undefined;
  readonly from: string;
  readonly dataDir: string;
  readonly log: Logger;
}

/**
 * Sends through SMTP when `SMTP_URL` is set; otherwise writes each message to `DATA_DIR/outbox/`
 * as an `.eml` file (plus a small JSON copy for the admin page), so a fresh install needs no mail server.
 */
export function createMailer(options: MailerOptions): Mailer {
  const outboxDir = path.join(options.dataDir, 'outbox');
  const senderDomain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';
  // nodemailer is loaded with the first message: an idle server does not pay its ~15 MB.
  let transport: Transporter | undefined;
  const getTransport = async () => {
    if (!transport) {
      const nodemailer = (await import('nodemailer')).default;
      transport = options.smtpUrl
        ? nodemailer.createTransport(options.smtpUrl)
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
    return transport;
  };

  return {
    async send(mail) {
      const info = await (await getTransport()).sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.messageId ? { messageId: `<${mail.messageId}@${senderDomain}>` } : {}),
      });
      if (!options.smtpUrl) {
        const id = newId();
        const sentAt = new Date().toISOString();
        await fs.mkdir(outboxDir, { recursive: true });
        const raw = (info as unknown as { message: Buffer }).message;
        await fs.writeFile(path.join(outboxDir, `${id}.eml`), raw);
        const copy: OutboxMessage = { id, sentAt, to: mail.to, subject: mail.subject, text: mail.text };
        await fs.writeFile(path.join(outboxDir, `${id}.json`), JSON.stringify(copy));
      }
      options.log.info({ subject: mail.subject, transport: options.smtpUrl ? 'smtp' : 'outbox' }, 'mail sent');
    },
    async outbox() {
      let names: string[];
      try {
        names = await fs.readdir(outboxDir);
      } catch {
        return [];
      }
      const messages = await Promise.all(
        names
          .filter((n) => n.endsWith('.json'))
          .map(async (n) => JSON.parse(await fs.readFile(path.join(outboxDir, n), 'utf8')) as OutboxMessage),
      );
      return messages.sort((a, b) => (a.id < b.id ? 1 : -1));
    },
  };
}

/**
 * The `mail.send` job: one message, sent at least once (retried with back-off while the server is
 * down); the job's id makes the Message-ID, so a repeat after a crash reads as the same message.
 */
export async function sendQueuedMail(ctx: { readonly mailer: Mailer }, mail: Mail, run: JobRun): Promise<void> {
  await ctx.mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, messageId: run.id });
}
