import type { Db } from '../db/database.ts';
import type { NetworksTable, NetworkStancesTable, Stance } from '../db/schema.ts';

/** The directory and members' stances as stored. */

export type NetworkRow = Omit<NetworksTable, 'id' | 'created_at'>;

export async function findNetworkId(db: Db, slug: string): Promise<string | undefined> {
  const row = await db.kysely.selectFrom('networks').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Answers whether a network had that slug. */
export async function updateNetwork(db: Db, slug: string, row: NetworkRow): Promise<boolean> {
  const result = await db.kysely.updateTable('networks').set(row).where('slug', '=', slug).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertNetworks(db: Db, rows: readonly NetworksTable[]): Promise<void> {
  await db.kysely.insertInto('networks').values(rows).execute();
}

export async function directoryIsEmpty(db: Db): Promise<boolean> {
  return (await db.kysely.selectFrom('networks').select('id').limit(1).executeTakeFirst()) === undefined;
}

export function listNetworkRows(db: Db): Promise<NetworksTable[]> {
  return db.kysely.selectFrom('networks').selectAll().orderBy('name').execute();
}

/** How many members hold each stance on each network. */
export async function stanceCounts(db: Db): Promise<Array<{ network_id: string; stance: Stance; n: number }>> {
  const rows = await db.kysely
    .selectFrom('network_stances')
    .select(['network_id', 'stance', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['network_id', 'stance'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export function stancesOfMember(db: Db, userId: string): Promise<NetworkStancesTable[]> {
  return db.kysely.selectFrom('network_stances').selectAll().where('user_id', '=', userId).execute();
}

/** Notes other members share with members, newest first. */
export function notesSharedWith(db: Db, viewerId: string) {
  return db.kysely
    .selectFrom('network_stances')
    .innerJoin('users', 'users.id', 'network_stances.user_id')
    .select(['network_stances.network_id', 'network_stances.stance', 'network_stances.note', 'users.handle', 'users.display_name'])
    .where('network_stances.note_visibility', '=', 'members')
    .where('network_stances.note', 'is not', null)
    .where('network_stances.user_id', '!=', viewerId)
    .orderBy('network_stances.updated_at', 'desc')
    .execute();
}

export async function deleteStance(db: Db, networkId: string, userId: string): Promise<void> {
  await db.kysely.deleteFrom('network_stances').where('network_id', '=', networkId).where('user_id', '=', userId).execute();
}

export async function upsertStance(db: Db, row: NetworkStancesTable): Promise<void> {
  const { network_id, user_id, ...values } = row;
  await db.kysely
    .insertInto('network_stances')
    .values(row)
    .onConflict((oc) => oc.columns(['network_id', 'user_id']).doUpdateSet(values))
    .execute();
}
