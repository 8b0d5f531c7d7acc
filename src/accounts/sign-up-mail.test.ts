import { afterAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { startSmtpServer, unusedPort } from '../../test/support/mail.ts';

// The mail server named by SMTP_URL is down when the member signs up, and comes back later.
const port = await unusedPort();

describeEachDatabase(
  'sign-up while the mail server is down',
  (h) => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
    afterAll(async () => {
      await smtp?.close();
    });

    it('answers 201, and the confirmation mail goes out once the server is back', { timeout: 30_000 }, async () => {
      const res = await h().agent().api('POST', '/accounts', {
        handle: 'down_smtp',
        email: 'down@example.org',
        password: 'a long enough passphrase',
        displayName: 'Dee',
      });
      expect(res.status).toBe(201);

      await h().ctx.jobs.drain(); // the first attempt: connection refused, so it waits to retry
      expect((await h().ctx.jobs.overview()).counts).toContainEqual({ name: 'accounts.email-link', state: 'retry', count: 1 });

      smtp = await startSmtpServer(port);
      await vi.waitFor(
        async () => {
          await h().ctx.jobs.drain();
          expect(smtp!.received).toHaveLength(1);
        },
        { timeout: 20_000, interval: 250 },
      );
      const [mail] = smtp.received;
      expect(mail!.subject).toBe('Confirm your email address for Commonplace');
      expect(mail!.text).toMatch(/\/verify-email\/\S+/);
      expect(await h().ctx.jobs.drain()).toBe(0);
      expect(smtp.received).toHaveLength(1);
    });
  },
  { env: { SMTP_URL: `smtp://127.0.0.1:${port}` }, jobs: { retryDelaySeconds: 1 } },
);
