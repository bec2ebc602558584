/**
 * Works off the aggregates marked for resynchronisation: after a sequence gap or a
 * RequestResync, CacheControl marks the aggregate; this worker reloads each marked one
 * through the read-through (which clears the mark in the same transaction as the write)
 * so that later events apply cleanly.
 *
 * It wakes when CacheControl marked something (`wake()`) and otherwise every
 * `intervalMs`. A back office that fails leaves the mark in place; the worker backs off
 * (doubling up to `maxBackoffMs`) instead of hammering a system that is down, and the
 * connector's own breaker keeps it from piling up calls.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { ReadThrough } from './read-through.js';

export interface ResyncWorkerOptions {
  readonly store: Pick<Store, 'pendingResyncs'>;
  readonly readThrough: Pick<ReadThrough, 'resync'>;
  readonly logger: Logger;
  /** Polling period when nothing wakes the worker; default 5000 ms. */
  readonly intervalMs?: number;
  /** Longest pause after failures; default 60,000 ms. */
  readonly maxBackoffMs?: number;
  /** Aggregates reloaded per round; default 50. */
  readonly batch?: number;
  readonly onResult?: (outcome: 'resynced' | 'gone' | 'superseded' | 'failed') => void;
}

export interface ResyncWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Something was marked: run a round now. */
  wake(): void;
  /** Runs one round and answers how many aggregates were cleared; for tests and operators. */
  runOnce(): Promise<number>;
}

export function createResyncWorker(options: ResyncWorkerOptions): ResyncWorker {
  const log = options.logger.child({ component: 'resync' });
  const intervalMs = options.intervalMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const batch = options.batch ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let round: Promise<unknown> = Promise.resolve();
  let delay = intervalMs;
  let manual = false;

  async function runOnce(): Promise<number> {
    const pending = await options.store.pendingResyncs(batch);
    let cleared = 0;
    let failed = 0;
    for (const state of pending) {
      // A stop ends the round between two aggregates; what is left stays marked.
      if (!running && !manual) break;
      try {
        const outcome = await options.readThrough.resync(state);
        options.onResult?.(outcome);
        if (outcome !== 'superseded') cleared += 1;
        log.info({ aggregateType: state.aggregateType, aggregateId: state.aggregateId, sourceSystem: state.sourceSystem, outcome }, 'aggregate resynchronised');
      } catch (error) {
        failed += 1;
        options.onResult?.('failed');
        log.warn({ err: error, aggregateType: state.aggregateType, aggregateId: state.aggregateId }, 'resync failed; the aggregate stays marked');
      }
    }
    delay = failed > 0 ? Math.min(maxBackoffMs, delay * 2) : intervalMs;
    // A full batch without failures means more may be waiting: go on at once.
    if (failed === 0 && pending.length === batch) delay = 0;
    return cleared;
  }

  function schedule(after: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(tick, after);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    round = runOnce()
      .catch((error: unknown) => {
        delay = Math.min(maxBackoffMs, Math.max(intervalMs, delay * 2));
        log.warn({ err: error }, 'resync round failed');
      })
      .finally(() => schedule(delay));
  }

  return {
    async start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      await round.catch(() => undefined);
    },
    wake() {
      if (running && timer !== undefined) schedule(0);
    },
    async runOnce() {
      manual = true;
      try {
        return await runOnce();
      } finally {
        manual = false;
      }
    },
  };
}
