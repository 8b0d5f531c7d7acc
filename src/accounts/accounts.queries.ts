import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database, Role, UsersTable } from '../db/schema.ts';

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

/** A new account's row and its roles, inside the caller's transaction. */
export async function insertUserWithRoles(trx: Transaction<Database>, user: UsersTable, roles: readonly Role[]): Promise<void> {
  await trx.insertInto('users').values(user).execute();
  await trx
    .insertInto('user_roles')
    .values(roles.map((role) => ({ user_id: user.id, role, granted_at: user.created_at })))
    .execute();
}

export async function updateUser(db: Db, userId: string, fields: Partial<Omit<UsersTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('users').set(fields).where('id', '=', userId).execute();
}

/** Members whose handle or name starts with `term` (lower case; all when empty), by handle, with their roles. */
export async function membersByPrefix(db: Db, term: string, limit: number) {
  let q = db.kysely.selectFrom('users').select(['id', 'handle', 'display_name']).orderBy('handle_key').limit(limit);
  if (term) {
    // A prefix as a range: no LIKE escaping to differ between SQLite and PostgreSQL, and the index helps.
    const end = `${term}\uffff`;
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('handle_key', '>=', term), eb('handle_key', '<', end)]),
        eb.and([eb(eb.fn('lower', ['display_name']), '>=', term), eb(eb.fn('lower', ['display_name']), '<', end)]),
      ]),
    );
  }
  const users = await q.execute();
  const roleRows = users.length
    ? await db.kysely
        .selectFrom('user_roles')
        .select(['user_id', 'role'])
        .where(
          'user_id',
          'in',
          users.map((u) => u.id),
        )
        .execute()
    : [];
  return { users, roleRows };
}

/** Replaces which of `among` a member holds with `roles`, in one transaction. */
export async function replaceRoles(db: Db, userId: string, among: readonly Role[], roles: readonly Role[], at: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('user_roles')
      .where('user_id', '=', userId)
      .where('role', 'in', [...among])
      .execute();
    if (roles.length)
      await trx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: userId, role, granted_at: at })))
        .execute();
  });
}
