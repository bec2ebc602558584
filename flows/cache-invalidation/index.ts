/**
 * The cache-invalidation flow: applied changes invalidate the Platform API's L1 cache in
 * every hub instance (fanout). Wired by the composition root through
 * bus.consumeOnEveryInstance. See docs/bus.md, "Cache invalidation".
 */
export { CACHE_INVALIDATION_FLOW, createCacheInvalidationFlow, type CacheInvalidationOptions } from './flow.js';
export { CHANGE_ROUTING_KEYS, invalidatedChange, type InvalidatedChange } from './mapping.js';
