import type { Account } from '../accounts/accounts.service.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import type { AppContext } from '../context.ts';
import type { Role } from './schema.ts';

let sequence = 0;

export interface MemberOptions {
  readonly handle?: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly password?: string;
  readonly roles?: readonly Role[];
  readonly emailVerified?: boolean;
}

/** A test or demo password that passes the password rules. */
export const DEFAULT_PASSWORD = 'correct horse battery staple';

/** Makes a member through the real sign-up path (validation, hashing, roles), without mail. */
export async function createMember(ctx: AppContext, options: MemberOptions = {}): Promise<Account & { password: string }> {
  sequence += 1;
  const handle = options.handle ?? `member_${Date.now().toString(36)}${sequence}`;
  const password = options.password ?? DEFAULT_PASSWORD;
  const account = await createAccount(
    ctx,
    {
      handle,
      email: options.email ?? `${handle}@example.org`,
      displayName: options.displayName ?? `Member ${sequence}`,
      password,
    },
    { roles: options.roles ?? [], emailVerified: options.emailVerified ?? true, silent: true },
  );
  return { ...account, password };
}
