/**
 * The resilient caller of one back office: the SOAP sender wrapped in the resilience
 * policies, with a lifecycle (start, stop, health) and metrics.
 *
 * Order of the policies, outermost first, and why:
 *
 *   coalesce → retry → breaker check → bulkhead → rate → breaker → timeout → send
 *
 * 1. coalesce: identical reads in flight share one logical call, retries included, so a
 *    hundred callers cost the back office what one costs.
 * 2. retry (with backoff): outside everything that guards the back office, so that each
 *    attempt goes through the breaker, takes a bulkhead place and a rate token of its
 *    own, and no place is held while backing off. Only retry-safe calls are retried
 *    (reads, writes that carry their idempotencyKey) and only on retryable failures; a
 *    fail-fast answer (CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMITED) is never retried here.
 * 3. breaker check: an open circuit fails fast before the call takes a queue place.
 * 4. bulkhead: bounded concurrency and a bounded queue; beyond it BULKHEAD_FULL.
 * 5. rate: waits for a start slot while holding the bulkhead place, so the bulkhead bounds
 *    how many wait; a wait beyond rate.maxWaitMs fails fast with RATE_LIMITED.
 * 6. breaker: decides at the moment of sending (a call queued before the circuit opened
 *    is not sent) and judges exactly one exchange. During half-open the single probe goes
 *    through and every other call fails fast; the probe is not cut short by its caller's
 *    cancellation, because its outcome decides the circuit.
 * 7. timeout: per attempt, aborting the HTTP exchange.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import { CONNECTOR_ERRORS, ConnectorError, FAIL_FAST_CODES, isUnwell, isWorthAnotherAttempt } from './errors.js';
import { FailureRateBreaker } from './failure-rate-breaker.js';
import { InFlightReads, canonicalRequest } from './coalesce.js';
import type { CallOutcome, CircuitStateName, ConnectorMetrics } from './metrics.js';
import { operationPolicies, type OperationPolicy } from './operations.js';
import { RateLimiter } from './rate-limit.js';
import { parseConnectorSettings, type ConnectorSettings } from './settings.js';
import { createSoapSender } from './soap-sender.js';
import type { BackOfficeId, OperationCall, OperationCaller } from './types.js';

/** The part of a pino logger the caller uses. */
export interface ConnectorLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** Milliseconds, for the breaker window, the rate cap and call durations; tests may pass their own. */
export interface ConnectorClock {
  now(): number;
}

export type ConnectorStatus = 'up' | 'degraded' | 'down' | 'stopped';

export interface ConnectorHealth {
  readonly backOffice: BackOfficeId;
  /** stopped: not started or stopped; down: circuit open; degraded: half-open or calls queued; up otherwise. */
  readonly status: ConnectorStatus;
  readonly circuit: CircuitStateName;
  readonly inFlight: number;
  readonly queued: number;
}

type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };
/** Settings as given: any subset of ConnectorSettings with an endpoint, or plain JSON. */
export type ConnectorSettingsInput = DeepPartial<ConnectorSettings> & { readonly endpoint: string };

export interface CreateOperationCallerOptions {
  readonly backOffice: BackOfficeId;
  readonly settings: ConnectorSettingsInput | ConnectorSettings;
  readonly metrics?: ConnectorMetrics;
  readonly logger?: ConnectorLogger;
  readonly clock?: ConnectorClock;
}

export interface ManagedOperationCaller extends OperationCaller {
  /** The validated settings in effect. */
  readonly settings: ConnectorSettings;
  /** Loads the contract and key files and opens the connection pool; a call before start() starts the caller. */
  start(): Promise<void>;
  /** Refuses new calls, rejects waiting ones with CANCELLED, lets exchanges under way finish, closes the pool. Safe to call twice. */
  stop(): Promise<void>;
  health(): ConnectorHealth;
}

interface Execution {
  readonly controller: AbortController;
  /** An exchange with the back office is under way (stop() lets it finish). */
  sending: boolean;
  /** Settles when the call has its answer or its error. */
  done?: Promise<unknown>;
}

const CIRCUIT_NAMES: Readonly<Record<CircuitState, CircuitStateName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

export function createOperationCaller(options: CreateOperationCallerOptions): ManagedOperationCaller {
  const { backOffice, metrics, logger } = options;
  const settings = parseConnectorSettings(options.settings);
  const clock: ConnectorClock = options.clock ?? { now: () => performance.timeOrigin + performance.now() };
  const operations = operationPolicies(backOffice);
  const sender = createSoapSender({ backOffice, settings, operations });

  const breaker = circuitBreaker(handleWhen(isUnwell), {
    halfOpenAfter: settings.breaker.halfOpenAfterMs,
    breaker: new FailureRateBreaker({ ...settings.breaker, now: () => clock.now() }),
  });
  // cockatiel times the open state with Date.now(); the fail-fast check before the bulkhead does the same.
  let openedAt = 0;
  breaker.onBreak(() => (openedAt = Date.now()));
  breaker.onStateChange((state) => {
    const circuit = CIRCUIT_NAMES[state];
    if (state === CircuitState.Open) logger?.warn({ backOffice, circuit, halfOpenAfterMs: settings.breaker.halfOpenAfterMs }, 'connector circuit opened: calls fail fast');
    else logger?.info({ backOffice, circuit }, state === CircuitState.HalfOpen ? 'connector circuit half-open: one probe call' : 'connector circuit closed');
  });
  const places = bulkhead(settings.bulkhead.maxConcurrent, settings.bulkhead.maxQueue);
  const rateLimiter =
    settings.rate.perSecond === null ? undefined : new RateLimiter({ perSecond: settings.rate.perSecond, burst: settings.rate.burst, maxWaitMs: settings.rate.maxWaitMs, now: () => clock.now() });
  // cockatiel's maxAttempts counts the retries, ours the attempts in all. Unref'd: a pending backoff never holds the process.
  const retries = retry(handleWhen(isWorthAnotherAttempt), {
    maxAttempts: settings.retries.maxAttempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: settings.retries.baseDelayMs, maxDelay: settings.retries.maxDelayMs }),
  }).dangerouslyUnref();
  const attemptTimeout = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
  const reads = new InFlightReads<Record<string, unknown>>();

  const executions = new Set<Execution>();
  const exchanges = new Set<Promise<unknown>>();
  let starting: Promise<void> | undefined;
  let started = false;
  let stopping: Promise<void> | undefined;
  let untrack: (() => void) | undefined;

  const error = (code: ConstructorParameters<typeof ConnectorError>[0], operation: string, detail: string, extra?: ConstructorParameters<typeof ConnectorError>[4]) =>
    new ConnectorError(code, backOffice, operation, detail, extra);
  const cancelled = (operation: string): ConnectorError =>
    error('CANCELLED', operation, stopping ? 'the connector is stopping' : 'the caller cancelled the call');
  const circuitOpen = (operation: string): ConnectorError =>
    error('CIRCUIT_OPEN', operation, `the circuit is open after repeated failures of ${backOffice}; calls fail fast until a probe call succeeds`);

  /** Whether the circuit refuses a call now without sending anything: open and not yet due for a probe, or a probe under way. */
  const circuitRefuses = (): boolean => {
    const state = breaker.state;
    if (state === CircuitState.HalfOpen || state === CircuitState.Isolated) return true;
    return state === CircuitState.Open && Date.now() - openedAt < settings.breaker.halfOpenAfterMs;
  };

  /** One exchange through the breaker (steps 6 and 7). */
  const throughBreaker = async (call: OperationCall, signal: AbortSignal, execution: Execution): Promise<Record<string, unknown>> => {
    if (breaker.state === CircuitState.HalfOpen || breaker.state === CircuitState.Isolated) throw circuitOpen(call.operation);
    // An open circuit whose delay is over makes this call its probe (cockatiel switches to half-open synchronously).
    const probing = breaker.state === CircuitState.Open;
    const sendSignal = probing ? undefined : signal;
    const exchange = breaker.execute(async () => {
      try {
        return { value: await sendWithTimeout(call, sendSignal) };
      } catch (failure) {
        // A business fault is a healthy answer for the breaker; a cancellation says nothing either way.
        if (isUnwell(failure) || (failure instanceof ConnectorError && failure.code === 'CANCELLED')) throw failure;
        return { failure };
      }
    });
    exchanges.add(exchange);
    execution.sending = true;
    try {
      const outcome = await exchange;
      if ('failure' in outcome) throw outcome.failure;
      return outcome.value;
    } catch (failure) {
      if (failure instanceof BrokenCircuitError) throw circuitOpen(call.operation);
      throw failure;
    } finally {
      exchanges.delete(exchange);
      execution.sending = false;
    }
  };

  const sendWithTimeout = async (call: OperationCall, parent: AbortSignal | undefined): Promise<Record<string, unknown>> => {
    try {
      return await attemptTimeout.execute(({ signal }) => sender.send(call.operation, call.request, { signal, ...(call.traceparent ? { traceparent: call.traceparent } : {}) }), parent);
    } catch (failure) {
      const aborted = failure instanceof TaskCancelledError || (failure instanceof ConnectorError && failure.code === 'CANCELLED');
      if (!aborted) throw failure;
      if (parent?.aborted) throw cancelled(call.operation);
      throw error('TIMEOUT', call.operation, `no answer within ${settings.timeoutMs} ms; the exchange was aborted`);
    }
  };

  /** One attempt: steps 3 to 7. */
  const attempt = async (call: OperationCall, signal: AbortSignal, execution: Execution, number: number): Promise<Record<string, unknown>> => {
    if (number > 0) metrics?.retry(backOffice, call.operation);
    if (signal.aborted || stopping) throw cancelled(call.operation);
    if (circuitRefuses()) throw circuitOpen(call.operation);
    try {
      // No signal for the bulkhead itself: cockatiel would keep a cancelled call in its queue
      // and skip a dequeue for it; the call leaves at once when its turn comes instead.
      return await places.execute(async () => {
        if (signal.aborted || stopping) throw cancelled(call.operation);
        if (rateLimiter) {
          try {
            await rateLimiter.acquire(signal, (waitMs) => error('RATE_LIMITED', call.operation, `the next start slot under ${settings.rate.perSecond} calls/s is ${waitMs} ms away (rate.maxWaitMs ${settings.rate.maxWaitMs})`));
          } catch (failure) {
            if (failure instanceof ConnectorError) throw failure;
            throw cancelled(call.operation);
          }
        }
        return throughBreaker(call, signal, execution);
      });
    } catch (failure) {
      if (failure instanceof BulkheadRejectedError) {
        throw error('BULKHEAD_FULL', call.operation, `${settings.bulkhead.maxConcurrent} calls under way and ${settings.bulkhead.maxQueue} waiting`);
      }
      throw failure;
    }
  };

  /** A logical call: its attempts (step 2), cancelled at once by its signal or by stop(). */
  const execute = (call: OperationCall, policy: OperationPolicy, outer: AbortSignal | undefined): Promise<Record<string, unknown>> => {
    const execution: Execution = { controller: new AbortController(), sending: false };
    const signal = outer ? AbortSignal.any([outer, execution.controller.signal]) : execution.controller.signal;
    executions.add(execution);
    const attempts = retrySafe(call, policy)
      ? retries.execute(({ attempt: number }) => attempt(call, signal, execution, number), signal)
      : attempt(call, signal, execution, 0);
    const result = untilAborted(attempts, signal, () => cancelled(call.operation)).finally(() => executions.delete(execution));
    execution.done = result.catch(() => undefined);
    return result;
  };

  const ensureStarted = async (operation: string): Promise<void> => {
    if (started) return;
    try {
      await start();
    } catch (failure) {
      throw error('NOT_STARTED', operation, `the connector could not start: ${(failure as Error).message}`, { cause: failure });
    }
  };

  const start = (): Promise<void> =>
    (starting ??= (async () => {
      if (stopping) throw new Error(`the ${backOffice} connector is stopped`);
      await sender.start();
      untrack = metrics?.track(backOffice, {
        circuit: () => CIRCUIT_NAMES[breaker.state],
        active: () => settings.bulkhead.maxConcurrent - places.executionSlots,
        queued: () => settings.bulkhead.maxQueue - places.queueSlots,
      });
      started = true;
      logger?.info({ backOffice, endpoint: settings.endpoint, soapVersion: settings.soapVersion }, 'connector started');
    })());

  const checkCall = (call: OperationCall): OperationPolicy => {
    const policy = operations.get(call.operation);
    if (!policy) throw error('UNKNOWN_OPERATION', call.operation, `${call.operation} is not an operation of the ${backOffice} contract`);
    if (typeof call.request !== 'object' || call.request === null || Array.isArray(call.request)) {
      throw error('MALFORMED_REQUEST', call.operation, 'the request must be an object of the request wrapper\'s children');
    }
    if (call.idempotencyKey !== undefined && call.request.idempotencyKey !== call.idempotencyKey) {
      throw error('MALFORMED_REQUEST', call.operation, 'the call\'s idempotencyKey is not the idempotencyKey its request carries');
    }
    return policy;
  };

  return {
    backOffice,
    settings,

    async call(call) {
      const began = clock.now();
      let outcome: CallOutcome = 'ok';
      try {
        if (stopping) throw error('CANCELLED', call.operation, 'the connector is stopped');
        const policy = checkCall(call);
        if (call.signal?.aborted) throw cancelled(call.operation);
        await ensureStarted(call.operation);
        if (policy.kind !== 'read') return await execute(call, policy, call.signal);
        return await reads.run(
          `${call.operation}\u0000${canonicalRequest(call.request)}`,
          call.signal,
          (shared) => execute(call, policy, shared),
          () => metrics?.coalesced(backOffice, call.operation),
          () => cancelled(call.operation),
        );
      } catch (failure) {
        const connectorError =
          failure instanceof ConnectorError ? failure : error('INTERNAL_ERROR', call.operation, 'unexpected failure in the connector', { cause: failure });
        outcome = outcomeOf(connectorError);
        metrics?.error(backOffice, connectorError.code);
        logger?.debug({ backOffice, operation: call.operation, code: connectorError.code, traceparent: call.traceparent, error: connectorError.toJSON() }, 'connector call failed');
        throw connectorError;
      } finally {
        metrics?.callFinished(backOffice, call.operation, outcome, (clock.now() - began) / 1000);
      }
    },

    start,

    stop: () =>
      (stopping ??= (async () => {
        // Waiting calls (queue, rate slot, backoff) are rejected now; exchanges under way
        // finish (each is bounded by the timeout) and their callers get the answer. A call
        // whose exchange failed makes no further attempt (attempt() checks `stopping`);
        // anything still pending after a grace period is aborted.
        for (const execution of executions) if (!execution.sending) execution.controller.abort();
        try {
          await Promise.allSettled([...exchanges]);
          const grace = delay(settings.retries.maxDelayMs + 1000, undefined, { ref: false });
          await Promise.race([Promise.allSettled([...executions].map((execution) => execution.done)), grace]);
        } finally {
          for (const execution of executions) execution.controller.abort();
          untrack?.();
          sender.stop();
          if (started) logger?.info({ backOffice }, 'connector stopped');
          started = false;
        }
      })()),

    health() {
      const circuit = CIRCUIT_NAMES[breaker.state];
      const inFlight = settings.bulkhead.maxConcurrent - places.executionSlots;
      const queued = settings.bulkhead.maxQueue - places.queueSlots;
      const status: ConnectorStatus = !started ? 'stopped' : circuit === 'open' ? 'down' : circuit === 'half-open' || queued > 0 ? 'degraded' : 'up';
      return { backOffice, status, circuit, inFlight, queued };
    },
  };
}

/** A read is always safe to repeat; a keyed write when its call carries the key; any other write never. */
function retrySafe(call: OperationCall, policy: OperationPolicy): boolean {
  if (policy.kind === 'read') return true;
  return policy.kind === 'keyed-write' && typeof call.idempotencyKey === 'string' && call.idempotencyKey.length > 0;
}

function outcomeOf(error: ConnectorError): CallOutcome {
  if (error.code === 'CANCELLED') return 'cancelled';
  if (FAIL_FAST_CODES.has(error.code)) return 'rejected';
  if (CONNECTOR_ERRORS[error.code].origin === 'contract' && !error.retryable) return 'fault';
  return 'failed';
}

/** The promise, or a rejection as soon as the signal aborts (the abandoned promise is then ignored). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reason: () => Error): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
