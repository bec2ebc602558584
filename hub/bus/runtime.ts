/**
 * The consumer runtime both transports share: one delivery of one message to one flow,
 * handled in ONE store transaction together with the flow's own writes, the outbox rows
 * it emits and the record that the flow processed the message. The transport acknowledges
 * only after that commit; a message the flow processed before is acknowledged without
 * running the handler.
 *
 * How a failure is classified:
 * - FlowError: as it says (retryable or permanent);
 * - HubError: by the catalog (SERVICE_UNAVAILABLE and the like are retryable);
 * - a handler that does not finish within the timeout: retryable HANDLER_TIMEOUT;
 * - anything else: retryable HANDLER_FAILED. An unexpected exception is most often a
 *   transient fault of something the handler called (a dropped connection, a deadlock);
 *   if it is a bug that fails every time, the message still reaches the dead letters after
 *   maxAttempts, so nothing is lost either way and a passing fault costs no operator work.
 * A retryable failure on the last attempt ends in the dead letters as well.
 *
 * Never throws: every outcome, including a store that is down, is an Outcome.
 *
 * Group commit: for a flow that defines `handleBatch`, the deliveries that wait while
 * the flow's transactions are busy are handled together, in one transaction (the
 * processed-id check and record each one statement for all of them). A batch that fails
 * is rolled back and its messages are handled one by one, each with its own outcome, so
 * batching changes the cost of a message and nothing else. A flow without `handleBatch`
 * (one that calls back offices, say) keeps one transaction per message.
 */
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { OUTBOX_INSERT } from '../store/tables.js';
import { writeRows, type Executor } from '../store/sql.js';
import type { Store } from '../store/index.js';
import { FlowError, type FlowContext, type FlowDefinition, type FlowMessage } from './flow.js';
import { clearRetry, clip, processedAmong, recordProcessed } from './records.js';
import { DEFAULT_HANDLER_TIMEOUT_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAYS_MS, retryDelay } from './types.js';

export type Outcome =
  | { readonly kind: 'processed' }
  | { readonly kind: 'duplicate' }
  /** `attempt` is the number of the next attempt. */
  | { readonly kind: 'retry'; readonly attempt: number; readonly delayMs: number; readonly code: string; readonly reason: string }
  | { readonly kind: 'dead'; readonly attempts: number; readonly code: string; readonly reason: string };

export type OutcomeKind = Outcome['kind'];

export interface RuntimeOptions {
  readonly store: Pick<Store, 'transaction'>;
  readonly logger?: Logger;
  readonly retryDelaysMs?: readonly number[];
  readonly handlerTimeoutMs?: number;
  readonly now?: () => Date;
  /** Told after a handling committed outbox rows (wake the relay). */
  readonly onEmitted?: () => void;
  /** Told of every outcome (metrics). */
  readonly onOutcome?: (flow: string, outcome: Outcome, message: FlowMessage) => void;
  /** Messages per group-commit batch at most; default 128. */
  readonly maxBatch?: number;
  /** Batch transactions of one flow at the same time at most; default 2. */
  readonly batchesInFlight?: number;
}

export interface DeliveryHooks {
  /** Extra work of the transport in the handler's transaction (the embedded transport removes its row). */
  readonly inTransaction?: (ex: Executor) => Promise<void>;
}

export interface FlowRuntime {
  readonly retryDelaysMs: readonly number[];
  /** Handles one delivery; never throws. */
  deliver(flow: FlowDefinition, message: FlowMessage, hooks?: DeliveryHooks): Promise<Outcome>;
  /** The outcome of a message that cannot even be read (bad JSON): permanent. */
  malformed(flow: FlowDefinition, message: FlowMessage, reason: string): Outcome;
}

export function createFlowRuntime(options: RuntimeOptions): FlowRuntime {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const delays = options.retryDelaysMs && options.retryDelaysMs.length > 0 ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const log = options.logger?.child({ component: 'bus' });

  const tell = (flow: FlowDefinition, outcome: Outcome, message: FlowMessage): Outcome => {
    try {
      options.onOutcome?.(flow.name, outcome, message);
    } catch (error) {
      log?.warn({ err: error }, 'outcome listener failed');
    }
    return outcome;
  };

  const failed = (flow: FlowDefinition, message: FlowMessage, code: string, reason: string, retryable: boolean): Outcome => {
    const maxAttempts = flow.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (retryable && message.attempt < maxAttempts) {
      return { kind: 'retry', attempt: message.attempt + 1, delayMs: retryDelay(delays, message.attempt), code, reason: clip(reason) };
    }
    const why = retryable ? `${reason} (gave up after ${message.attempt} attempts)` : reason;
    return { kind: 'dead', attempts: message.attempt, code, reason: clip(why) };
  };

  /** The handler's own failure, which the store wraps into a HubError on its way out. */
  class HandlerFailure extends Error {
    constructor(readonly failure: unknown) {
      super('the handler failed');
    }
  }

  /**
   * Runs a handler on the transaction, bounded by the timeout. Once the attempt has timed
   * out the transaction is rolled back: a handler still running must not write anything
   * more through it (outside of any transaction). Answers whether it emitted.
   */
  async function runHandler(ex: Executor, handler: (context: FlowContext) => Promise<void>): Promise<boolean> {
    let open = true;
    let emitted = false;
    const closed = (): Promise<never> => Promise.reject(new Error('the handling timed out; its transaction is closed'));
    const guarded: Executor = {
      dialect: ex.dialect,
      query: (sql, params) => (open ? ex.query(sql, params) : closed()),
      execute: (sql, params) => (open ? ex.execute(sql, params) : closed()),
    };
    const context: FlowContext = {
      ex: guarded,
      emit: async (routingKey, messageId, body) => {
        if (typeof routingKey !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(routingKey)) throw new FlowError('INVALID_EMIT', `cannot emit on routing key ${String(routingKey)}`, false);
        if (typeof messageId !== 'string' || messageId.length < 1 || messageId.length > 64) throw new FlowError('INVALID_EMIT', 'an emitted message id must have 1 to 64 characters', false);
        await writeRows(guarded, OUTBOX_INSERT, [{ eventId: messageId, routingKey, payload: JSON.stringify(body), createdAt: now() }], 'insert');
        emitted = true;
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeout(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([handler(context), timeout]);
    } catch (error) {
      throw new HandlerFailure(error);
    } finally {
      clearTimeout(timer);
      open = false;
    }
    return emitted;
  }

  /**
   * Handles deliveries in one transaction: those the flow processed before (or that repeat
   * one earlier in the list) are duplicates; the others go to the handler — `handleBatch`
   * when there are several — and are recorded as processed. Throws when anything fails.
   */
  async function attempt(flow: FlowDefinition, items: readonly Pending[]): Promise<('processed' | 'duplicate')[]> {
    let emitted = false;
    const action = items.length === 1 ? `handling ${items[0]!.message.messageId} in flow ${flow.name}` : `handling ${items.length} messages in flow ${flow.name}`;
    const kinds = await store.transaction(action, async (ex) => {
      const seen = await processedAmong(
        ex,
        flow.name,
        items.map((item) => item.message.messageId),
      );
      const fresh: FlowMessage[] = [];
      const result = items.map(({ message }) => {
        if (seen.has(message.messageId)) return 'duplicate' as const;
        seen.add(message.messageId);
        fresh.push(message);
        return 'processed' as const;
      });
      if (fresh.length > 0) {
        emitted = await runHandler(ex, async (context) => {
          if (fresh.length > 1 && flow.handleBatch) await flow.handleBatch(fresh, context);
          else for (const message of fresh) await flow.handle(message, context);
        });
        await recordProcessed(
          ex,
          flow.name,
          fresh.map((message) => message.messageId),
          now(),
        );
        for (const message of fresh) if (message.attempt > 1) await clearRetry(ex, flow.name, message.messageId);
      }
      for (const item of items) await item.hooks?.inTransaction?.(ex);
      return result;
    });
    if (emitted) options.onEmitted?.();
    return kinds;
  }

  const reasonOf = (error: unknown): unknown => {
    for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
      if (current instanceof HandlerFailure) return current.failure;
      current = (current as { cause?: unknown }).cause;
    }
    return error;
  };

  /** One delivery in a transaction of its own; never throws. */
  async function deliverOne(flow: FlowDefinition, item: Pending): Promise<Outcome> {
    const { message } = item;
    try {
      const [kind] = await attempt(flow, [item]);
      return tell(flow, { kind: kind! }, message);
    } catch (error) {
      const { code, reason, retryable } = classify(reasonOf(error));
      const outcome = failed(flow, message, code, reason, retryable);
      (outcome.kind === 'dead' ? log?.error.bind(log) : log?.warn.bind(log))?.(
        { err: reasonOf(error), flow: flow.name, messageId: message.messageId, attempt: message.attempt, code, outcome: outcome.kind },
        outcome.kind === 'dead' ? 'flow gave up on a message; dead-lettered' : 'flow failed on a message; will retry',
      );
      return tell(flow, outcome, message);
    }
  }

  /** A batch in one transaction; when it fails, each of its messages on its own, in order. */
  async function deliverBatch(flow: FlowDefinition, items: readonly Pending[]): Promise<void> {
    if (items.length === 1) {
      items[0]!.settle(await deliverOne(flow, items[0]!));
      return;
    }
    let kinds: ('processed' | 'duplicate')[];
    try {
      kinds = await attempt(flow, items);
    } catch (error) {
      log?.debug({ err: reasonOf(error), flow: flow.name, messages: items.length }, 'a batch failed; its messages are handled one by one');
      for (const item of items) item.settle(await deliverOne(flow, item));
      return;
    }
    items.forEach((item, index) => item.settle(tell(flow, { kind: kinds[index]! }, item.message)));
  }

  const maxBatch = Math.max(1, options.maxBatch ?? 128);
  const batchesInFlight = Math.max(1, options.batchesInFlight ?? 2);
  const batchers = new Map<string, Batcher>();
  function batcherOf(flow: FlowDefinition): Batcher {
    let batcher = batchers.get(flow.name);
    if (!batcher || batcher.flow !== flow) batchers.set(flow.name, (batcher = { flow, waiting: [], inFlight: 0, scheduled: false }));
    return batcher;
  }
  // Deliveries of one socket read arrive in one turn of the event loop: the next turn
  // starts the batch with all of them, and whatever arrives while the batches run waits for
  // the next one.
  function pump(batcher: Batcher): void {
    batcher.scheduled = false;
    while (batcher.inFlight < batchesInFlight && batcher.waiting.length > 0) {
      const items = batcher.waiting.splice(0, maxBatch);
      batcher.inFlight += 1;
      void deliverBatch(batcher.flow, items).finally(() => {
        batcher.inFlight -= 1;
        schedule(batcher);
      });
    }
  }
  function schedule(batcher: Batcher): void {
    if (batcher.scheduled || batcher.waiting.length === 0) return;
    batcher.scheduled = true;
    setImmediate(() => pump(batcher));
  }

  return {
    retryDelaysMs: delays,
    deliver(flow, message, hooks) {
      if (!flow.handleBatch) return deliverOne(flow, { message, ...(hooks ? { hooks } : {}), settle: () => undefined });
      return new Promise<Outcome>((settle) => {
        const batcher = batcherOf(flow);
        batcher.waiting.push({ message, ...(hooks ? { hooks } : {}), settle });
        schedule(batcher);
      });
    },
    malformed(flow, message, reason) {
      return tell(flow, { kind: 'dead', attempts: message.attempt, code: 'MALFORMED_MESSAGE', reason: clip(reason) }, message);
    },
  };
}

/** A delivery waiting for its transaction. */
interface Pending {
  readonly message: FlowMessage;
  readonly hooks?: DeliveryHooks;
  readonly settle: (outcome: Outcome) => void;
}

interface Batcher {
  readonly flow: FlowDefinition;
  readonly waiting: Pending[];
  inFlight: number;
  scheduled: boolean;
}

class HandlerTimeout extends Error {
  override readonly name = 'HandlerTimeout';
  constructor(readonly ms: number) {
    super(`the handler did not finish within ${ms} ms`);
  }
}

export function classify(error: unknown): { code: string; reason: string; retryable: boolean } {
  if (error instanceof FlowError) return { code: error.code, reason: error.message, retryable: error.retryable };
  if (error instanceof HandlerTimeout) return { code: 'HANDLER_TIMEOUT', reason: error.message, retryable: true };
  if (error instanceof HubError) return { code: error.code, reason: error.message, retryable: error.retryable };
  return { code: 'HANDLER_FAILED', reason: error instanceof Error ? error.message : String(error), retryable: true };
}
