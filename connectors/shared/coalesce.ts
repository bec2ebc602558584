/**
 * Coalescing of identical reads in flight: while a read of an operation with a given
 * request is under way, the same read joins it instead of calling the back office again,
 * and every caller gets the same answer (or the same error). Only reads come here; a write
 * is always its own call.
 *
 * Cancellation is per caller: a caller that aborts gets CANCELLED at once and leaves; the
 * shared call is aborted only when every caller has left, and a new caller never joins a
 * call that is being abandoned.
 */

interface Shared<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  members: number;
}

export class InFlightReads<T> {
  private readonly calls = new Map<string, Shared<T>>();

  /** Reads in flight (distinct keys). */
  get size(): number {
    return this.calls.size;
  }

  /**
   * Runs `start` for the first caller of `key`, or joins the call in flight. `onJoin` is
   * told when the caller joined an existing call. `cancelled` makes the error of a caller
   * that aborts.
   */
  run(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>, onJoin: () => void, cancelled: () => Error): Promise<T> {
    let shared = this.calls.get(key);
    if (shared) {
      onJoin();
    } else {
      const controller = new AbortController();
      const promise = start(controller.signal).finally(() => {
        if (this.calls.get(key) === entry) this.calls.delete(key);
      });
      // Members observe the promise; this keeps one that every member abandoned from being reported as unhandled.
      promise.catch(() => undefined);
      const entry: Shared<T> = { controller, members: 0, promise };
      this.calls.set(key, entry);
      shared = entry;
    }
    const joined = shared;
    joined.members += 1;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        joined.members -= 1;
      };
      const onAbort = (): void => {
        if (left) return;
        leave();
        if (joined.members === 0) {
          if (this.calls.get(key) === joined) this.calls.delete(key);
          joined.controller.abort();
        }
        reject(cancelled());
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => {
          if (left) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }
}

/** A stable text for a request: object keys sorted at every level, arrays in order. */
export function canonicalRequest(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'bigint') return `${inner}n`;
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      return Object.fromEntries(Object.keys(inner).sort().map((key) => [key, (inner as Record<string, unknown>)[key]]));
    }
    return inner;
  });
}
