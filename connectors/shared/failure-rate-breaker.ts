/**
 * When a back office's circuit opens: more than `failureRate` of the calls of the last
 * `windowMs` failed, counted once the window holds at least `minimumCalls`. A cockatiel
 * IBreaker (cockatiel's own breakers count consecutive failures, the last N calls, or a
 * rate with a minimum of calls per second; none is a time window with a minimum number
 * of calls). The window is kept in ten buckets, so that it slides in steps of a tenth.
 */
import { CircuitState, type IBreaker } from 'cockatiel';

export interface FailureRateOptions {
  readonly failureRate: number;
  readonly minimumCalls: number;
  readonly windowMs: number;
  readonly now: () => number;
}

interface Bucket {
  start: number;
  successes: number;
  failures: number;
}

const BUCKETS = 10;

export class FailureRateBreaker implements IBreaker {
  private buckets: Bucket[] = [];
  private readonly bucketMs: number;

  constructor(private readonly options: FailureRateOptions) {
    this.bucketMs = Math.max(1, Math.ceil(options.windowMs / BUCKETS));
  }

  get state(): unknown {
    return { buckets: this.buckets.map((bucket) => ({ ...bucket })) };
  }

  set state(value: unknown) {
    const buckets = (value as { buckets?: Bucket[] } | undefined)?.buckets;
    this.buckets = Array.isArray(buckets) ? buckets.map((bucket) => ({ ...bucket })) : [];
  }

  success(state: CircuitState): void {
    // A successful probe closes the circuit on a clean slate.
    if (state === CircuitState.HalfOpen) this.buckets = [];
    this.current().successes += 1;
  }

  failure(state: CircuitState): boolean {
    this.current().failures += 1;
    // A failed probe opens the circuit again at once.
    if (state !== CircuitState.Closed) return true;
    const { successes, failures } = this.totals();
    const calls = successes + failures;
    return calls >= this.options.minimumCalls && failures > this.options.failureRate * calls;
  }

  /** Calls and failures in the window now, for health and tests. */
  totals(): { successes: number; failures: number } {
    this.expire();
    let successes = 0;
    let failures = 0;
    for (const bucket of this.buckets) {
      successes += bucket.successes;
      failures += bucket.failures;
    }
    return { successes, failures };
  }

  private current(): Bucket {
    this.expire();
    const now = this.options.now();
    const start = now - (now % this.bucketMs);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.start !== start) {
      bucket = { start, successes: 0, failures: 0 };
      this.buckets.push(bucket);
    }
    return bucket;
  }

  private expire(): void {
    const oldest = this.options.now() - this.options.windowMs;
    while (this.buckets.length > 0 && this.buckets[0]!.start + this.bucketMs <= oldest) this.buckets.shift();
  }
}
