import type { AppContext } from '../context.ts';
import type { Role } from '../db/schema.ts';
import { AppError, tooManyRequests } from '../errors.ts';
import { newId } from '../ids.ts';
import { accountMail } from '../mail/templates.ts';
import { rateRules } from '../rate-limit.ts';
import {
  emailKey,
  findUserByEmail,
  findUserByHandle,
  findUserById,
  findUserByLogin,
  findUserWithRolesById,
  grantRoles,
  handleKey,
  insertUserWithRoles,
  parseRoleList,
  updateUser,
  type UserWithRoles,
} from './accounts.queries.ts';
import { fieldErrors, signUpSchema, emailSchema } from './accounts.schemas.ts';
import { consumeEmailToken, issueEmailToken } from './email-tokens.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { deleteSessionsOf } from './sessions.ts';

const hour = 3_600_000;

export type { Account } from '../viewer.ts';
import type { Account } from '../viewer.ts';

/** An account from a user row read with its roles (usersWithRoles). */
export function accountFromRow(user: UserWithRoles): Account {
  return {
    id: user.id,
    handle: user.handle,
    displayName: user.display_name,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    roles: parseRoleList(user.role_list),
  };
}

export async function loadAccount(ctx: AppContext, userId: string): Promise<Account | undefined> {
  const user = await findUserWithRolesById(ctx.db, userId);
  return user && accountFromRow(user);
}

export interface CreateAccountOptions {
  readonly roles?: readonly Role[];
  readonly emailVerified?: boolean;
  /** Skip the confirmation mail (seed data, admin accounts made from the command line). */
  readonly silent?: boolean;
}

/**
 * Creates an account from raw input, or throws an AppError naming each field to fix.
 * Sends the address-confirmation mail unless `silent`.
 */
export async function createAccount(ctx: AppContext, raw: unknown, options: CreateAccountOptions = {}): Promise<Account> {
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: fieldErrors(parsed.error) });
  const input = parsed.data;

  const weak = passwordProblem(input.password, [input.handle, input.email]);
  if (weak) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { password: weak } });

  const taken: Record<string, string> = {};
  if (await findUserByHandle(ctx.db, input.handle)) taken.handle = 'That handle is taken; try another.';
  if (await findUserByEmail(ctx.db, input.email))
    taken.email = 'An account already uses this email address. Sign in, or reset your password.';
  if (Object.keys(taken).length > 0) throw new AppError('conflict', 'Please correct the marked fields.', { fields: taken });

  const now = ctx.clock.now().toISOString();
  const id = newId();
  const passwordHash = await hashPassword(input.password);
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const user = {
        id,
        handle: input.handle,
        handle_key: handleKey(input.handle),
        email: input.email,
        email_key: emailKey(input.email),
        display_name: input.displayName,
        password_hash: passwordHash,
        email_verified_at: options.emailVerified ? now : null,
        created_at: now,
        updated_at: now,
      };
      await insertUserWithRoles(trx, user, [...new Set<Role>(['member', ...(options.roles ?? [])])]);
    });
  } catch (error) {
    // Two sign-ups racing for one handle: the unique index decides.
    if (/unique|duplicate/i.test(String(error))) {
      throw new AppError('conflict', 'Please correct the marked fields.', {
        fields: { handle: 'That handle or email address was just taken; try another.' },
      });
    }
    throw error;
  }
  const account = (await loadAccount(ctx, id))!;
  if (!options.emailVerified && !options.silent) await sendEmailVerification(ctx, account);
  return account;
}

export async function sendEmailVerification(ctx: AppContext, account: Account): Promise<void> {
  const wait = ctx.limiter.consume(`verify-mail:${account.id}`, rateRules.verifyMailPerAccount);
  if (wait) throw tooManyRequests(wait);
  const token = await issueEmailToken(ctx, account.id, 'verify-email', account.email, 24 * hour);
  await ctx.mailer.send(accountMail.verifyEmail(account.email, account.displayName, `${ctx.config.baseUrl}/verify-email/${token}`));
}

/** Marks the address confirmed; false when the link is unknown, used or expired. */
export async function verifyEmail(ctx: AppContext, token: string): Promise<boolean> {
  const row = await consumeEmailToken(ctx, token, 'verify-email');
  if (!row) return false;
  const user = await findUserById(ctx.db, row.user_id);
  if (!user || emailKey(user.email) !== emailKey(row.email)) return false;
  const now = ctx.clock.now().toISOString();
  await updateUser(ctx.db, user.id, { email_verified_at: now, updated_at: now });
  return true;
}

/**
 * Checks a login and password, throttled per IP and per account. Fifteen wrong passwords in a row
 * can never all be tried: after ten the account must wait.
 */
export async function authenticate(ctx: AppContext, login: string, password: string, ip: string): Promise<Account> {
  const ipWait = ctx.limiter.consume(`sign-in:ip:${ip}`, rateRules.signInPerIp);
  if (ipWait) throw tooManyRequests(ipWait);
  const accountKey = `sign-in:account:${login.trim().replace(/^@/, '').toLowerCase()}`;
  const accountWait = ctx.limiter.blockedFor(accountKey, rateRules.signInFailuresPerAccount);
  if (accountWait) throw tooManyRequests(accountWait);

  const user = login.trim() ? await findUserByLogin(ctx.db, login) : undefined;
  // Verify against a real hash even for unknown logins, so timing does not reveal which exist.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !ok) {
    ctx.limiter.consume(accountKey, rateRules.signInFailuresPerAccount);
    throw new AppError('unauthorized', 'That handle or email and password do not match an account.');
  }
  ctx.limiter.reset(accountKey);
  return (await loadAccount(ctx, user.id))!;
}

let dummyHashPromise: Promise<string> | undefined;
const dummyHash = () => (dummyHashPromise ??= hashPassword('not-a-real-password-just-for-timing'));

/** Emails a single-use reset link valid for an hour. Says nothing about whether the address exists. */
export async function requestPasswordReset(ctx: AppContext, email: string, ip: string): Promise<void> {
  const ipWait = ctx.limiter.consume(`reset:ip:${ip}`, rateRules.resetPerIp);
  if (ipWait) throw tooManyRequests(ipWait);
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success)
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { email: parsed.error.issues[0]!.message } });
  const user = await findUserByEmail(ctx.db, parsed.data);
  if (!user) return;
  // Quietly drop extra requests for one account so nobody can flood its inbox.
  if (ctx.limiter.consume(`reset:account:${user.id}`, rateRules.resetPerAccount)) return;
  const token = await issueEmailToken(ctx, user.id, 'reset-password', user.email, hour);
  await ctx.mailer.send(accountMail.resetPassword(user.email, user.display_name, `${ctx.config.baseUrl}/reset-password/${token}`));
}

/** Sets a new password from a reset link; signs out every session. */
export async function resetPassword(ctx: AppContext, token: string, newPassword: string): Promise<Account> {
  const peek = await consumeEmailToken(ctx, token, 'reset-password', { peek: true });
  if (!peek) throw new AppError('not_found', 'This reset link is not valid any more. Ask for a new one.');
  const user = (await findUserById(ctx.db, peek.user_id))!;
  const weak = passwordProblem(newPassword, [user.handle, user.email]);
  if (weak) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { password: weak } });
  const row = await consumeEmailToken(ctx, token, 'reset-password');
  if (!row) throw new AppError('not_found', 'This reset link is not valid any more. Ask for a new one.');
  const now = ctx.clock.now().toISOString();
  // Following the emailed link proves the address too.
  await updateUser(ctx.db, user.id, {
    password_hash: await hashPassword(newPassword),
    email_verified_at: user.email_verified_at ?? now,
    updated_at: now,
  });
  await deleteSessionsOf(ctx, user.id);
  return (await loadAccount(ctx, user.id))!;
}

/** Changes the password after checking the current one; other sessions are signed out. */
export async function changePassword(
  ctx: AppContext,
  account: Account,
  current: string,
  next: string,
  keepSessionId: string | undefined,
): Promise<void> {
  const user = (await findUserById(ctx.db, account.id))!;
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('bad_input', 'Please correct the marked fields.', {
      fields: { currentPassword: 'That is not your current password.' },
    });
  }
  const weak = passwordProblem(next, [user.handle, user.email]);
  if (weak) throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { newPassword: weak } });
  await updateUser(ctx.db, user.id, { password_hash: await hashPassword(next), updated_at: ctx.clock.now().toISOString() });
  await deleteSessionsOf(ctx, user.id, keepSessionId);
  await ctx.mailer.send(accountMail.passwordChangedNotice(user.email, user.display_name));
}

/** Sends a confirmation link to the new address; the change happens when it is followed. */
export async function requestEmailChange(ctx: AppContext, account: Account, newEmail: string, password: string): Promise<void> {
  const user = (await findUserById(ctx.db, account.id))!;
  const parsed = emailSchema.safeParse(newEmail);
  if (!parsed.success)
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { email: parsed.error.issues[0]!.message } });
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { password: 'That is not your current password.' } });
  }
  const other = await findUserByEmail(ctx.db, parsed.data);
  if (other && other.id !== user.id) {
    throw new AppError('conflict', 'Please correct the marked fields.', { fields: { email: 'Another account uses this email address.' } });
  }
  const token = await issueEmailToken(ctx, user.id, 'change-email', parsed.data, 24 * hour);
  await ctx.mailer.send(accountMail.changeEmail(parsed.data, user.display_name, `${ctx.config.baseUrl}/confirm-email/${token}`));
}

/** Applies an email change from its link; the old address is told. */
export async function confirmEmailChange(ctx: AppContext, token: string): Promise<boolean> {
  const row = await consumeEmailToken(ctx, token, 'change-email');
  if (!row) return false;
  const user = await findUserById(ctx.db, row.user_id);
  if (!user) return false;
  const clash = await findUserByEmail(ctx.db, row.email);
  if (clash && clash.id !== user.id) return false;
  const now = ctx.clock.now().toISOString();
  await updateUser(ctx.db, user.id, { email: row.email, email_key: emailKey(row.email), email_verified_at: now, updated_at: now });
  await ctx.mailer.send(accountMail.emailChangedNotice(user.email, user.display_name, row.email));
  return true;
}

export async function updateDisplayName(ctx: AppContext, account: Account, displayName: string): Promise<void> {
  const name = displayName.trim();
  if (!name || name.length > 80) {
    throw new AppError('bad_input', 'Please correct the marked fields.', { fields: { displayName: 'Use 1–80 characters.' } });
  }
  await updateUser(ctx.db, account.id, { display_name: name, updated_at: ctx.clock.now().toISOString() });
}

export async function setRoles(ctx: AppContext, userId: string, roles: readonly Role[]): Promise<void> {
  await grantRoles(ctx.db, userId, roles, ctx.clock.now().toISOString());
}
