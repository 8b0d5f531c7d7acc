export {
  type CacheDefinition,
  type CacheOptions,
  type Caches,
  type CacheStats,
  createCaches,
  defineCache,
  type Fill,
  type Invalidation,
  type InvalidationBroadcaster,
  type NamedCache,
  type Tags,
} from './cache.ts';
export { ANY_WRITE, tags } from './tags.ts';
export { BOOKKEEPING_TABLES, type Change, type ChangeScope, watchWrites } from './write-watch.ts';
