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
 */
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { OUTBOX_INSERT } from '../store/tables.js';
import { writeRows, type Executor } from '../store/sql.js';
import type { Store } from '../store/index.js';
import { FlowError, type FlowContext, type FlowDefinition, type FlowMessage } from './flow.js';
import { clearRetry, clip, recordProcessed, wasProcessed } from './records.js';
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

  async function attempt(flow: FlowDefinition, message: FlowMessage, hooks: DeliveryHooks | undefined): Promise<'processed' | 'duplicate'> {
    let emitted = false;
    const result = await store.transaction(`handling ${message.messageId} in flow ${flow.name}`, async (ex) => {
      if (await wasProcessed(ex, flow.name, message.messageId)) {
        await hooks?.inTransaction?.(ex);
        return 'duplicate' as const;
      }
      // Once the attempt has timed out, the transaction is rolled back: a handler still
      // running must not write anything more through it (outside of any transaction).
      let open = true;
      const guarded: Executor = {
        dialect: ex.dialect,
        query: (sql, params) => (open ? ex.query(sql, params) : Promise.reject(new Error('the handling timed out; its transaction is closed'))),
        execute: (sql, params) => (open ? ex.execute(sql, params) : Promise.reject(new Error('the handling timed out; its transaction is closed'))),
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
        await Promise.race([flow.handle(message, context), timeout]);
      } catch (error) {
        throw new HandlerFailure(error);
      } finally {
        clearTimeout(timer);
        open = false;
      }
      await recordProcessed(ex, flow.name, message.messageId, now());
      if (message.attempt > 1) await clearRetry(ex, flow.name, message.messageId);
      await hooks?.inTransaction?.(ex);
      return 'processed' as const;
    });
    if (emitted) options.onEmitted?.();
    return result;
  }

  const reasonOf = (error: unknown): unknown => {
    for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
      if (current instanceof HandlerFailure) return current.failure;
      current = (current as { cause?: unknown }).cause;
    }
    return error;
  };

  return {
    retryDelaysMs: delays,
    async deliver(flow, message, hooks) {
      try {
        const kind = await attempt(flow, message, hooks);
        return tell(flow, { kind }, message);
      } catch (error) {
        const { code, reason, retryable } = classify(reasonOf(error));
        const outcome = failed(flow, message, code, reason, retryable);
        (outcome.kind === 'dead' ? log?.error.bind(log) : log?.warn.bind(log))?.(
          { err: reasonOf(error), flow: flow.name, messageId: message.messageId, attempt: message.attempt, code, outcome: outcome.kind },
          outcome.kind === 'dead' ? 'flow gave up on a message; dead-lettered' : 'flow failed on a message; will retry',
        );
        return tell(flow, outcome, message);
      }
    },
    malformed(flow, message, reason) {
      return tell(flow, { kind: 'dead', attempts: message.attempt, code: 'MALFORMED_MESSAGE', reason: clip(reason) }, message);
    },
  };
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
