import { AliasNode, TableNode, type OperationNode } from 'kysely';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * A counter that moves on every write this process makes to the database. Caches of rendered pages
 * remember the count they were made at and are thrown away once it has moved, so a reader never sees
 * a page older than the last write made here. (Writes by another process are not seen; caches keep
 * their entries for seconds only, which bounds that.)
 */
export class WriteGeneration {
  #value = 0;
  get value(): number {
    return this.#value;
  }
  bump(): void {
    this.#value++;
  }
}

const RAW_WRITE = /^\s*(insert|update|delete|merge|replace|with|create|drop|alter|truncate)\b/i;

/**
 * Bookkeeping no page for signed-out readers shows (sign-in sessions, token use, notifications, poll
 * schedules): writing it must not empty the caches, or every signed-in request and every feed check
 * would. What these tables feed is at most a cache's few seconds late.
 */
const UNSEEN_TABLES = new Set(['sessions', 'api_tokens', 'email_tokens', 'notifications', 'notification_preferences', 'external_blogs']);

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

function isWrite(node: RootOperationNode): boolean {
  switch (node.kind) {
    case 'InsertQueryNode':
      return !UNSEEN_TABLES.has(tableName(node.into) ?? '');
    case 'UpdateQueryNode':
      return !UNSEEN_TABLES.has(tableName(node.table) ?? '');
    case 'DeleteQueryNode':
      return !node.from.froms.every((from) => UNSEEN_TABLES.has(tableName(from) ?? ''));
    case 'MergeQueryNode':
      return true;
    case 'RawNode':
      return RAW_WRITE.test(node.sqlFragments[0] ?? '');
    default:
      return false;
  }
}

/** A Kysely plugin that moves the generation once each write has been carried out. */
export function countWrites(generation: WriteGeneration): KyselyPlugin {
  const writes = new WeakSet<QueryId>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (isWrite(args.node)) {
        writes.add(args.queryId);
        generation.bump();
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      // Once before (no page started during the write is kept) and once after (none made from the old rows).
      if (writes.has(args.queryId)) generation.bump();
      return args.result;
    },
  };
}
