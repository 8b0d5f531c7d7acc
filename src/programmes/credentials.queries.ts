import type { Db } from '../db/database.ts';
import type { CredentialsTable } from '../db/schema.ts';

/** Certificates as stored: at most one per member and programme, signed once, revocable. */

/** The member's certificate for the programme, if one was issued. */
export function credentialOf(db: Db, programmeId: string, userId: string) {
  return db.kysely
    .selectFrom('credentials')
    .select(['id', 'issued_at', 'revoked_at'])
    .where('programme_id', '=', programmeId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertCredential(db: Db, row: CredentialsTable): Promise<void> {
  await db.kysely.insertInto('credentials').values(row).execute();
}

/** A certificate with its holder's handle and name. */
export function findCredentialRow(db: Db, id: string) {
  return db.kysely
    .selectFrom('credentials')
    .innerJoin('users', 'users.id', 'credentials.user_id')
    .select([
      'credentials.id',
      'credentials.programme_id',
      'credentials.user_id',
      'credentials.issued_at',
      'credentials.revoked_at',
      'credentials.jws',
      'users.handle',
      'users.display_name',
    ])
    .where('credentials.id', '=', id)
    .executeTakeFirst();
}

export async function markRevoked(db: Db, id: string, at: string, by: string): Promise<void> {
  await db.kysely.updateTable('credentials').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).execute();
}

/** The member's certificates with their programmes, newest first. */
export function credentialsOfMember(db: Db, userId: string) {
  return db.kysely
    .selectFrom('credentials')
    .innerJoin('programmes', 'programmes.id', 'credentials.programme_id')
    .select(['credentials.id', 'credentials.issued_at', 'credentials.revoked_at', 'programmes.slug', 'programmes.title'])
    .where('credentials.user_id', '=', userId)
    .orderBy('credentials.issued_at', 'desc')
    .execute();
}
