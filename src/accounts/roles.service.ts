import type { AppContext } from '../context.ts';
import type { Role } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Account } from './accounts.service.ts';
import { findUserByHandle, handleKey, membersByPrefix, replaceRoles, rolesOf } from './accounts.queries.ts';

/** The roles an administrator hands out; every account is a member. */
export const grantableRoles = ['organiser', 'moderator', 'admin'] as const satisfies readonly Role[];
export type GrantableRole = (typeof grantableRoles)[number];

export const roleDescriptions: Record<GrantableRole, string> = {
  organiser: 'runs programmes: creates them, sees the cohort, nudges and certifies',
  moderator: 'may delete any comment',
  admin: 'manages members’ roles and reads the outbox',
};

export interface MemberWithRoles {
  readonly id: string;
  readonly handle: string;
  readonly displayName: string;
  readonly roles: Role[];
}

/** Members whose handle or name starts with `query` (all when empty), with their roles; at most 50. */
export async function searchMembersWithRoles(ctx: AppContext, query: string): Promise<MemberWithRoles[]> {
  const term = query.trim().replace(/^@/, '').toLowerCase();
  const { users, roleRows } = await membersByPrefix(ctx.db, term, 50);
  return users.map((u) => ({
    id: u.id,
    handle: u.handle,
    displayName: u.display_name,
    roles: roleRows
      .filter((r) => r.user_id === u.id)
      .map((r) => r.role)
      .sort(),
  }));
}

/**
 * Sets which grantable roles a member has. Only administrators may; an administrator cannot take
 * the admin role from herself (so there is always someone who can give it back).
 */
export async function setMemberRoles(
  ctx: AppContext,
  viewer: Account | undefined,
  handle: string,
  roles: readonly string[],
): Promise<Role[]> {
  if (!viewer?.roles.includes('admin')) throw new AppError('forbidden', 'Only administrators can change roles.');
  const unknown = roles.filter((r) => !(grantableRoles as readonly string[]).includes(r));
  if (unknown.length)
    throw new AppError('bad_input', `Unknown role: ${unknown.join(', ')}.`, {
      fields: { roles: `Choose from ${grantableRoles.join(', ')}.` },
    });
  const user = await findUserByHandle(ctx.db, handle);
  if (!user) throw new AppError('not_found', `There is no member @${handleKey(handle).replace(/^@/, '')}.`);
  if (user.id === viewer.id && !roles.includes('admin')) {
    throw new AppError('unprocessable', 'You cannot remove your own administrator role; ask another administrator.');
  }
  const now = ctx.clock.now().toISOString();
  await replaceRoles(ctx.db, user.id, grantableRoles, [...new Set(roles)] as GrantableRole[], now);
  ctx.log.info({ admin: viewer.id, member: user.id, roles }, 'roles changed');
  return rolesOf(ctx.db, user.id);
}
