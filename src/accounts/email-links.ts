import type { AppContext } from '../context.ts';
import type { EmailTokenPurpose } from '../db/schema.ts';
import { accountMail } from '../mail/templates.ts';
import type { JobRun } from '../queue.ts';
import { emailKey, findUserById } from './accounts.queries.ts';
import { issueEmailToken } from './email-tokens.ts';

const hour = 3_600_000;

/** The `accounts.email-link` job: which link to mail to which address. */
export interface EmailLinkJob {
  readonly userId: string;
  readonly purpose: EmailTokenPurpose;
  readonly email: string;
}

const links = {
  'verify-email': { ttlMs: 24 * hour, path: '/verify-email/', mail: accountMail.verifyEmail },
  'reset-password': { ttlMs: hour, path: '/reset-password/', mail: accountMail.resetPassword },
  'change-email': { ttlMs: 24 * hour, path: '/confirm-email/', mail: accountMail.changeEmail },
} as const;

/**
 * Mails a single-use link. The token is made here, when the mail goes out, so that the queue never
 * holds a usable secret; a repeat (after a failed or killed attempt) sends a fresh link and the
 * earlier one lapses.
 */
export async function sendEmailLink(ctx: AppContext, job: EmailLinkJob, run: JobRun): Promise<'sent' | 'skipped'> {
  const user = await findUserById(ctx.db, job.userId);
  if (!user) return 'skipped';
  // The address moved on, or is already confirmed, since the mail was asked for: nothing to confirm.
  if (job.purpose !== 'change-email' && emailKey(user.email) !== emailKey(job.email)) return 'skipped';
  if (job.purpose === 'verify-email' && user.email_verified_at) return 'skipped';
  const link = links[job.purpose];
  const token = await issueEmailToken(ctx, user.id, job.purpose, job.email, link.ttlMs);
  const mail = link.mail(job.email, user.display_name, `${ctx.config.baseUrl}${link.path}${token}`);
  await ctx.mailer.send({ ...mail, messageId: run.id });
  return 'sent';
}
