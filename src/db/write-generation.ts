import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

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

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const RAW_WRITE = /^\s*(insert|update|delete|merge|replace|with|create|drop|alter|truncate)\b/i;

function isWrite(node: RootOperationNode): boolean {
  if (WRITE_NODES.has(node.kind)) return true;
  if (node.kind !== 'RawNode') return false;
  return RAW_WRITE.test(node.sqlFragments[0] ?? '');
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
