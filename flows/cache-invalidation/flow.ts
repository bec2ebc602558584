/**
 * The cache-invalidation flow: every applied change drops the affected entries of the
 * Platform API's L1 cache in EVERY hub instance, so that two instances never serve
 * different data for long. It is a fanout consumer (each instance receives its own copy
 * of every change event; nothing is recorded in the store), and when an instance may have
 * missed copies (its broker connection was down) it drops its whole L1 cache.
 */
import type { InstanceFlowDefinition } from '../../hub/bus/flow.js';
import { CHANGE_ROUTING_KEYS, invalidatedChange, type InvalidatedChange } from './mapping.js';

export const CACHE_INVALIDATION_FLOW = 'cache-invalidation';

export interface CacheInvalidationOptions {
  /** Drops what one change makes stale (the Platform API's invalidate). */
  readonly invalidate: (change: InvalidatedChange) => void;
  /** Drops everything (after copies may have been missed); without it, nothing is dropped then. */
  readonly invalidateAll?: () => void;
}

export function createCacheInvalidationFlow(options: CacheInvalidationOptions): InstanceFlowDefinition {
  return {
    name: CACHE_INVALIDATION_FLOW,
    bindings: CHANGE_ROUTING_KEYS,
    handle(message) {
      const change = invalidatedChange(message.body);
      if (change) options.invalidate(change);
    },
    ...(options.invalidateAll ? { resync: options.invalidateAll } : {}),
  };
}
