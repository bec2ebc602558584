/**
 * Remembers the tokens (UsernameToken nonces, signature values) seen within the freshness
 * window, so that a captured message cannot be sent again. Each entry lives only as long as
 * its token could still be accepted. Per process: several hub instances each keep their
 * own, so a replay to another instance is caught only by that instance's window.
 */
import { LRUCache } from 'lru-cache';

export const DEFAULT_REPLAY_CACHE_SIZE = 1_000_000;

export class ReplayCache {
  private readonly seen: LRUCache<string, true>;
  private liveEvictions = 0;
  private lastPurge = 0;

  constructor(private readonly max = DEFAULT_REPLAY_CACHE_SIZE) {
    this.seen = new LRUCache<string, true>({
      max,
      // An entry pushed out while its token is still acceptable opens a replay window: count it.
      disposeAfter: (_value, _key, reason) => {
        if (reason === 'evict') this.liveEvictions += 1;
      },
    });
  }

  /** Records a token for ttlMs; false when the same token is already recorded (a replay). */
  remember(key: string, ttlMs: number): boolean {
    if (this.seen.has(key)) return false;
    // When full, drop expired entries first (at most once a second), so that an eviction
    // below really is of a token that could still be replayed.
    if (this.seen.size >= this.max && Date.now() - this.lastPurge > 1000) {
      this.lastPurge = Date.now();
      this.seen.purgeStale();
    }
    this.seen.set(key, true, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    return true;
  }

  stats(): { readonly size: number; readonly liveEvictions: number } {
    return { size: this.seen.size, liveEvictions: this.liveEvictions };
  }
}
