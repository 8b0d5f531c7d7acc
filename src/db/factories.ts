import type { Account } from '../accounts/accounts.service.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import { createPost } from '../blogs/posts.service.ts';
import type { PostWithAuthor } from '../blogs/posts.queries.ts';
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

export interface BlogPostOptions {
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly visibility?: 'public' | 'members' | 'connections' | 'private';
  readonly status?: 'draft' | 'published';
}

/** Writes a post through the real path (rendering, sanitising, events); published and public unless told. */
export async function createBlogPost(ctx: AppContext, author: { id: string; handle: string }, options: BlogPostOptions = {}): Promise<PostWithAuthor> {
  sequence += 1;
  return createPost(ctx, author, {
    title: options.title ?? `A post number ${sequence}`,
    body: options.body ?? 'Some thoughts, written down.',
    tags: [...(options.tags ?? [])],
    visibility: options.visibility ?? 'public',
    status: options.status ?? 'published',
  });
}
