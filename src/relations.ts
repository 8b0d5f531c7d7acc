import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from './db/database.ts';

/**
 * THE SEAM for how members stand to one another — connections and blocks — as the visibility rules
 * need it (`visibleTo` in blogs/posts.queries.ts, and the rule beside it in posts.policy.ts). The
 * network capability provides the real tables at start-up (in src/handlers.ts):
 *
 *   provideRelations(ctx.db, { connected: (viewerId, member) => sql`…`, blockedBetween: … });
 *
 * Until one is provided nobody is connected and nobody blocks. Given only in SQL, so a list, a feed,
 * a search and one post's page ask the very same question.
 */
export interface Relations {
  /** SQL, true when `viewerId` is connected to the member whose id `member` holds (a column or a value). */
  connected(viewerId: string, member: Expression<string>): Expression<SqlBool>;
  /** SQL, true when either of the two blocks the other. */
  blockedBetween(viewerId: string, member: Expression<string>): Expression<SqlBool>;
}

/** Today: no connections, no blocks. */
export const noRelations: Relations = {
  connected: () => sql<SqlBool>`false`,
  blockedBetween: () => sql<SqlBool>`false`,
};

const provided = new WeakMap<Db, Relations>();

/** Keyed by the database whose tables hold the relations (one per app, one per test suite). */
export function provideRelations(db: Db, relations: Relations): void {
  provided.set(db, relations);
}

export function relationsIn(db: Db): Relations {
  return provided.get(db) ?? noRelations;
}

/** How a viewer stands to one member, for a rule about one thing already read (a post's page). */
export interface Standing {
  readonly connected: boolean;
  readonly blocked: boolean;
}

export const STRANGERS: Standing = { connected: false, blocked: false };

/**
 * The viewer's standing to one member, read through the same SQL as every list; no query at all
 * for a visitor, for oneself, or while no relations are provided.
 */
export async function standingBetween(db: Db, viewerId: string | undefined, memberId: string): Promise<Standing> {
  const relations = relationsIn(db);
  if (!viewerId || viewerId === memberId || relations === noRelations) return STRANGERS;
  const member = sql.val(memberId);
  const { rows } = await sql<{ connected: unknown; blocked: unknown }>`select ${relations.connected(viewerId, member)} as connected,
    ${relations.blockedBetween(viewerId, member)} as blocked`.execute(db.kysely);
  const truth = (v: unknown) => v === true || Number(v) === 1;
  return { connected: truth(rows[0]?.connected), blocked: truth(rows[0]?.blocked) };
}
