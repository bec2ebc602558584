/**
 * A cap on calls started per second, as a token bucket: `burst` tokens, refilled at
 * `perSecond`. A call takes a token; when none is left it reserves the next one and waits
 * for it, so that waiting calls start in order, evenly spaced. A call whose wait would
 * exceed `maxWaitMs` fails fast (RATE_LIMITED) without reserving anything. The caller
 * waits while holding its bulkhead place, so the bulkhead bounds how many calls wait here.
 * (cockatiel has no rate policy.)
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface RateLimiterOptions {
  readonly perSecond: number;
  readonly burst: number;
  readonly maxWaitMs: number;
  readonly now: () => number;
}

export class RateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.tokens = options.burst;
    this.updatedAt = options.now();
  }

  /**
   * Reserves a start slot: resolves when the call may start, rejects with `tooLong()` when
   * the wait would exceed maxWaitMs, and with the signal's reason when aborted while waiting
   * (the reservation is then given back).
   */
  async acquire(signal: AbortSignal | undefined, tooLong: (waitMs: number) => Error): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.options.perSecond);
    if (waitMs > this.options.maxWaitMs) throw tooLong(waitMs);
    this.tokens -= 1;
    try {
      await delay(waitMs, undefined, signal ? { signal } : undefined);
    } catch (error) {
      this.tokens = Math.min(this.options.burst, this.tokens + 1);
      throw error;
    }
  }

  private refill(): void {
    const now = this.options.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;
    this.tokens = Math.min(this.options.burst, this.tokens + (elapsed * this.options.perSecond) / 1000);
  }
}
