import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Role, UsersTable } from '../db/schema.ts';

export type UserRow = UsersTable;

/** Handles and emails are unique regardless of case: these keys carry the comparison. */
export const handleKey = (handle: string) => handle.toLowerCase();
export const emailKey = (email: string) => email.trim().toLowerCase();

/** Users with their roles comma-joined in `role_list`: a signed-in request needs both, in one read. */
export function usersWithRoles(db: Db) {
  const roleList =
    db.dialect === 'sqlite'
      ? sql<string | null>`(select group_concat(role, ',') from user_roles where user_roles.user_id = users.id)`
      : sql<string | null>`(select string_agg(role, ',') from user_roles where user_roles.user_id = users.id)`;
  return db.kysely.selectFrom('users').selectAll('users').select(roleList.as('role_list'));
}

export type UserWithRoles = UserRow & { readonly role_list: string | null };

export const parseRoleList = (list: string | null): Role[] => (list ? (list.split(',') as Role[]).sort() : []);

export function findUserWithRolesById(db: Db, id: string): Promise<UserWithRoles | undefined> {
  return usersWithRoles(db).where('users.id', '=', id).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByHandle(db: Db, handle: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('handle_key', '=', handleKey(handle)).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('email_key', '=', emailKey(email)).executeTakeFirst();
}

/** A login is a handle or an email address. */
export function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const trimmed = login.trim().replace(/^@/, '');
  return trimmed.includes('@') ? findUserByEmail(db, trimmed) : findUserByHandle(db, trimmed);
}

export async function rolesOf(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.kysely.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role).sort();
}

export async function grantRoles(db: Db, userId: string, roles: readonly Role[], at: string): Promise<void> {
  const have = new Set(await rolesOf(db, userId));
  const missing = roles.filter((r) => !have.has(r));
  if (missing.length === 0) return;
  await db.kysely
    .insertInto('user_roles')
    .values(missing.map((role) => ({ user_id: userId, role, granted_at: at })))
    .execute();
}
