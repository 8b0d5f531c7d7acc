import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AliasNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import type { Caches } from './cache.ts';
import { ANY_WRITE, tags as tag } from './tags.ts';

/**
 * Tables no cached entry reads except through their `table:NAME` tag: bookkeeping (sign-in sessions,
 * token use, notifications, preferences, poll schedules, queued jobs) and the external-blog inbox (read
 * by signed-in pages only; Thing pages show matched posts through completions, whose writes say so).
 * A write to one drops only entries tagged with its table, or every signed-in request and every
 * feed check would empty the caches.
 */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set([
  'sessions',
  'api_tokens',
  'email_tokens',
  'notifications',
  'notification_preferences',
  'external_blogs',
  'external_posts',
  'job_queue',
]);

/** What a write changes: the tables it writes and the tags of everything readers see of it. */
export interface Change {
  readonly tables: readonly string[];
  readonly tags?: Iterable<string>;
}

/** Lets a write name tags it learns only as it goes (the id of what it created, a post's old Thing). */
export interface ChangeScope {
  also(...tags: Array<string | undefined | null>): void;
}

interface Scope {
  readonly caches: Caches;
  readonly tables: ReadonlySet<string>;
  readonly tags: Set<string>;
  readonly parent: Scope | undefined;
  /** Work begun inside a change may outlive it (a promise left running): its writes are not covered. */
  ended: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `write`, whose writes to `change.tables` change only what `change.tags` name, then drops
 * those tags (once, after it ended, so no entry is made from the rows it replaced). A write to any
 * other table inside it is not covered and drops everything, as one outside any change does.
 */
export async function runChange<R>(caches: Caches, change: Change, write: (scope: ChangeScope) => Promise<R>): Promise<R> {
  const scope: Scope = {
    caches,
    tables: new Set(change.tables),
    tags: new Set(change.tags ?? []),
    parent: scopes.getStore(),
    ended: false,
  };
  const handle: ChangeScope = {
    also: (...more) => {
      for (const t of more) if (t) scope.tags.add(t);
    },
  };
  try {
    return await scopes.run(scope, () => write(handle));
  } finally {
    scope.ended = true;
    const seen = change.tables.some((table) => !BOOKKEEPING_TABLES.has(table));
    caches.invalidate(seen ? [...scope.tags, ANY_WRITE] : scope.tags);
  }
}

function covered(caches: Caches, table: string): boolean {
  for (let scope = scopes.getStore(); scope; scope = scope.parent) {
    if (!scope.ended && scope.caches === caches && scope.tables.has(table)) return true;
  }
  return false;
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

const RAW_WRITE = /^\s*(insert|update|delete|merge|replace|with|create|drop|alter|truncate)\b/i;

/** The tables a statement writes; undefined for a read; ['?'] for a write whose table is unknown. */
function writtenTables(node: RootOperationNode): string[] | undefined {
  switch (node.kind) {
    case 'InsertQueryNode':
      return [tableName(node.into) ?? '?'];
    case 'UpdateQueryNode':
      return [tableName(node.table) ?? '?'];
    case 'DeleteQueryNode':
      return node.from.froms.map((from) => tableName(from) ?? '?');
    case 'MergeQueryNode':
      return ['?'];
    case 'RawNode':
      return RAW_WRITE.test(node.sqlFragments[0] ?? '') ? ['?'] : undefined;
    default:
      return undefined;
  }
}

/**
 * A Kysely plugin that makes every write drop what it may have changed: nothing more when it runs
 * inside a change that covers its table (the change drops its tags), else `table:NAME` for
 * bookkeeping tables and everything for the rest — today's safe default for writes nobody described.
 */
export function watchWrites(caches: Caches): KyselyPlugin {
  const uncovered = new WeakMap<QueryId, string[]>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const tables = writtenTables(args.node);
      if (tables) {
        const loose = tables.filter((table) => !covered(caches, table));
        if (loose.length) uncovered.set(args.queryId, loose);
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const loose = uncovered.get(args.queryId);
      if (loose) {
        if (loose.every((table) => BOOKKEEPING_TABLES.has(table))) caches.invalidate(loose.map(tag.table));
        else caches.invalidateAll();
      }
      return args.result;
    },
  };
}
