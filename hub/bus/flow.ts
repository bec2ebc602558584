/**
 * What a flow is to the bus: a named consumer of routing keys whose handler runs inside
 * one database transaction. The bus records the message's eventId as processed by the
 * flow in that same transaction and acknowledges the message only after the commit, so a
 * redelivered message is skipped and a crash before the commit repeats the work exactly
 * once. A handler never acknowledges anything itself and never catches to hide a failure:
 * it throws a FlowError (retryable or permanent) and the bus retries with delay or
 * dead-letters the message.
 */
import type { Executor } from '../store/index.js';

/** The JSON the outbox carries for every change event applied by CacheControl (hub/events/apply.ts). */
export interface ChangeEventMessage {
  readonly eventId: string;
  /** PublishEvents event type: 'BalanceChanged', 'TransactionPosted', 'CardStatusChanged', … */
  readonly type: string;
  readonly sourceSystem: 'CORE_BANKING' | 'CARDS' | 'CRM';
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** Decimal string (xs:long). */
  readonly sequence: string;
  readonly occurredAt: string;
  readonly schemaVersion: string;
  readonly resyncRequired?: boolean;
  /** The event's payload element as received, in the plain-value conventions of common/soap/codec.ts. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One message as a flow's handler sees it. */
export interface FlowMessage {
  /** The message id: the eventId for change events, the command id for commands. */
  readonly messageId: string;
  /** Routing key on dbp.events, such as 'account.transaction.posted'. */
  readonly routingKey: string;
  /** The parsed JSON body. */
  readonly body: unknown;
  /** 1 on first delivery, then one more for every delayed retry. */
  readonly attempt: number;
  /** W3C traceparent of the request that caused the message, when known. */
  readonly traceparent?: string;
}

/** What a handler may do besides its own writes, inside the same transaction. */
export interface FlowContext {
  /** The flow's database transaction (dialect-aware SQL, see hub/store/sql.ts). */
  readonly ex: Executor;
  /**
   * Publishes a message on dbp.events through the outbox, committed with the handler's
   * writes: either both happen or neither. `messageId` must be stable for the same input
   * (derive it from the message being handled) so that a repeated handling emits nothing new.
   */
  emit(routingKey: string, messageId: string, body: unknown): Promise<void>;
}

export interface FlowDefinition {
  /** Stable name: queue `dbp.flow.<name>`, processed ids and dead letters are kept under it. */
  readonly name: string;
  /** Routing-key patterns of dbp.events this flow consumes ('account.#', 'payment.requested'). */
  readonly bindings: readonly string[];
  /** 'per-aggregate': messages of one aggregate are handled one at a time, in order. */
  readonly ordering?: 'none' | 'per-aggregate';
  /** Delivery attempts before the message is dead-lettered; default 4 (first try + 3 delayed retries). */
  readonly maxAttempts?: number;
  handle(message: FlowMessage, context: FlowContext): Promise<void>;
  /**
   * Optional set-based form of `handle` for flows whose messages are many and whose work is
   * only the flow's own writes (no calls to back offices): the bus gathers the deliveries
   * that wait at the same time (group commit) and hands them over in one transaction. Its
   * effect must be exactly that of `handle` applied to each message in the given order.
   * The messages are distinct and not processed before; several may concern one aggregate,
   * in their order. If
   * it throws, anything, the transaction is rolled back and each message is handled on its
   * own through `handle`, so that a failure is classified, retried or dead-lettered per
   * message and one poison message holds back none of the others.
   */
  handleBatch?(messages: readonly FlowMessage[], context: FlowContext): Promise<void>;
}

/** A failure of a handler: retryable ones are delivered again after a delay, permanent ones are dead-lettered. */
export class FlowError extends Error {
  override readonly name = 'FlowError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A consumer that every hub instance runs for itself, for state each instance keeps in
 * memory (the L1 cache): each instance receives its own copy of every matching message
 * (fanout), nothing is recorded in the store, and a failure is logged, not retried. A copy
 * may be missed while the broker connection is down; `resync` is then called once the
 * instance receives messages again, so that it can drop whatever it may have missed.
 */
export interface InstanceFlowDefinition {
  /** Stable name, for logs and metrics (the per-instance queue adds the instance id). */
  readonly name: string;
  /** Routing-key patterns of dbp.events, as for FlowDefinition. */
  readonly bindings: readonly string[];
  handle(message: FlowMessage): void | Promise<void>;
  resync?(): void;
}
