import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type pgModule from 'pg';

/** At most this many statements get a name (each connection keeps what it prepared until it closes). */
const NAMED_STATEMENTS = 500;
/** Long texts are one-offs (bulk inserts, imports): left unnamed. */
const MAX_NAMED_SQL = 4000;

/**
 * Presents a pg pool to Kysely's PostgresDialect with each read sent as a named statement, so
 * PostgreSQL parses and plans the same query once per connection instead of on every request (its
 * CPU is the same two cores as ours). Writes, transactions and cursors go through unchanged.
 */
export function namedStatementPool(pool: pgModule.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < NAMED_STATEMENTS && text.length <= MAX_NAMED_SQL && /^\s*select\b/i.test(text)) {
      name = `cp_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = ((textOrCursor: string | PostgresCursor<unknown>, parameters?: readonly unknown[]) => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never);
        const name = nameFor(textOrCursor);
        return name
          ? client.query({ name, text: textOrCursor, values: parameters as unknown[] })
          : client.query(textOrCursor, parameters as unknown[]);
      }) as unknown as PostgresPoolClient['query'];
      return { query, release: () => client.release() };
    },
    end: () => pool.end(),
    // What Kysely reads to open its own connection when it cancels a query.
    options: pool.options,
    Client: (pool as unknown as { Client: PostgresPool['Client'] }).Client,
  };
}
