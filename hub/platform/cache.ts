/**
 * The L1 cache of the Platform API: single records and client overviews, bounded by
 * entries (LRU). Entries are keyed by aggregate ('ACCOUNT/AC1') or 'OVERVIEW/<client>'.
 * An owner index remembers which client an aggregate belongs to, so that invalidating an
 * aggregate also drops its owner's overview when the change does not name the client.
 *
 * A read that started before an invalidation does not fill the cache with what it read:
 * each load notes the epoch it began in, and every invalidation starts a new one.
 */
import { LRUCache } from 'lru-cache';
import type { HubMetrics } from '../observability/metrics.js';

export interface CacheChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly clientId?: string;
}

export interface PlatformCache {
  /**
   * The cached value, or what `load` reads (cached unless undefined, refused by `keep`, or
   * invalidated meanwhile).
   */
  read<T extends object>(key: string, owner: (value: T) => string | undefined, load: () => Promise<T | undefined>, keep?: (value: T) => boolean): Promise<T | undefined>;
  invalidate(change: CacheChange): void;
  /** Drops everything (after this instance may have missed invalidations). */
  clear(): void;
  /** Notes that these aggregates belong to a client (learnt from an overview). */
  own(keys: readonly string[], clientId: string): void;
  readonly size: number;
}

const CACHE_NAME = 'platform';

export const overviewKey = (clientId: string): string => `OVERVIEW/${clientId}`;
export const aggregateCacheKey = (aggregateType: string, aggregateId: string): string => `${aggregateType}/${aggregateId}`;

export function createPlatformCache(max: number, metrics: Pick<HubMetrics, 'cacheHit' | 'cacheMiss'>): PlatformCache {
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`cacheSize must be a positive whole number, got ${max}`);
  const entries = new LRUCache<string, object>({ max });
  const owners = new LRUCache<string, string>({ max });
  let epoch = 0;

  return {
    get size() {
      return entries.size;
    },
    async read<T extends object>(key: string, owner: (value: T) => string | undefined, load: () => Promise<T | undefined>, keep?: (value: T) => boolean) {
      const cached = entries.get(key);
      if (cached !== undefined) {
        metrics.cacheHit(CACHE_NAME);
        return cached as T;
      }
      metrics.cacheMiss(CACHE_NAME);
      const started = epoch;
      const value = await load();
      if (value !== undefined && started === epoch && (keep?.(value) ?? true)) {
        entries.set(key, value);
        const clientId = owner(value);
        if (clientId !== undefined) owners.set(key, clientId);
      }
      return value;
    },
    own(keys, clientId) {
      for (const key of keys) owners.set(key, clientId);
    },
    clear() {
      epoch += 1;
      entries.clear();
      owners.clear();
    },
    invalidate(change) {
      epoch += 1;
      const key = aggregateCacheKey(change.aggregateType, change.aggregateId);
      const clientIds = new Set<string>();
      if (change.clientId) clientIds.add(change.clientId);
      if (change.aggregateType === 'CLIENT') clientIds.add(change.aggregateId);
      const known = owners.get(key);
      if (known !== undefined) clientIds.add(known);
      entries.delete(key);
      owners.delete(key);
      for (const clientId of clientIds) entries.delete(overviewKey(clientId));
    },
  };
}
