/**
 * The bus as the rest of the hub sees it: one interface, two transports (RabbitMQ through
 * amqplib for production and CI, an embedded one on the store for the single-process run
 * without a broker) that pass the same test suite. Both are at-least-once: a message
 * the bus accepted (publish resolved) reaches every flow bound to its routing key even if
 * the hub crashes, and consumers absorb the duplicates that a crash can cause.
 *
 * Lifecycle: start() connects and declares the topology; flows may be registered before
 * or after start; stop() cancels the consumers, lets handlers in flight finish (bounded),
 * then disconnects; it is safe to call twice.
 */
import type { FlowDefinition, InstanceFlowDefinition } from './flow.js';

export type { ChangeEventMessage, FlowContext, FlowDefinition, FlowMessage, InstanceFlowDefinition } from './flow.js';
export { FlowError } from './flow.js';

/** A message handed to the bus for publishing on dbp.events. */
export interface OutgoingMessage {
  /** The eventId of a change event, the command id of a command: the consumers' idempotency key. */
  readonly messageId: string;
  readonly routingKey: string;
  /** JSON text. */
  readonly body: string;
  /** Messages with the same key are handled in order by flows that ask for it ('ACCOUNT/AC1'). */
  readonly orderingKey?: string;
  readonly traceparent?: string;
  /** When the message was written (the outbox row's creation), for the flows' lag. */
  readonly createdAt?: Date;
}

/** A message a flow could not handle, kept for operators until it is replayed or discarded. */
export interface DeadLetter {
  readonly flow: string;
  readonly messageId: string;
  readonly routingKey: string;
  /** JSON text as published. */
  readonly body: string;
  readonly traceparent?: string;
  readonly orderingKey?: string;
  /** FlowError or HubError code, or one of the bus's own (HANDLER_TIMEOUT, MALFORMED_MESSAGE, HANDLER_FAILED). */
  readonly code: string;
  readonly reason: string;
  /** Delivery attempts made. */
  readonly attempts: number;
  readonly firstFailedAt: Date;
  readonly deadAt: Date;
}

export interface BusHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

export type BusKind = 'rabbitmq' | 'embedded';

export interface Bus {
  readonly kind: BusKind;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<BusHealth>;
  /**
   * Publishes messages in the given order and resolves once every one is durably accepted
   * (RabbitMQ: confirmed by the broker; embedded: committed to the store). A rejection
   * (HubError SERVICE_UNAVAILABLE) means some may not have been: publish them again.
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Registers a flow: its queues are declared and, once started, its messages delivered. Names are unique. */
  consume(flow: FlowDefinition): Promise<void>;
  /** Registers a consumer that receives a copy of its messages in every hub instance (fanout). */
  consumeOnEveryInstance(flow: InstanceFlowDefinition): Promise<void>;
  /** Puts a dead letter back on its flow's queue as a first attempt (replay); resolves once accepted. */
  requeue(letter: DeadLetter): Promise<void>;
  /** Messages waiting for each registered flow (ready and in delayed retry). */
  depths(): Promise<Readonly<Record<string, number>>>;
  /** The flows registered so far. */
  readonly flows: readonly FlowDefinition[];
}

/** Options both transports share. */
export interface ConsumerTuning {
  /** Delays of the delayed retries, in order; the last repeats. Default 1 s, 10 s, 60 s. */
  readonly retryDelaysMs?: readonly number[];
  /** How long a handler may run before its attempt fails as retryable HANDLER_TIMEOUT; default 30 s. */
  readonly handlerTimeoutMs?: number;
  /** Messages handled at the same time per flow (RabbitMQ prefetch); default 32. */
  readonly prefetch?: number;
  /**
   * The same for a flow that handles batches (FlowDefinition.handleBatch): the messages it
   * may hold form its group-commit batches, so it takes more; default 256.
   */
  readonly batchPrefetch?: number;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 10_000, 60_000];
export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
export const DEFAULT_PREFETCH = 32;
export const DEFAULT_BATCH_PREFETCH = 256;

/** The delay before retry number `attempt` (1 for the first retry). */
export function retryDelay(delays: readonly number[], attempt: number): number {
  return delays[Math.min(Math.max(attempt, 1), delays.length) - 1] ?? 1000;
}

/** 'ACCOUNT/AC1' for a change event's body; undefined for a body without an aggregate. */
export function orderingKeyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { aggregateType, aggregateId } = body as { aggregateType?: unknown; aggregateId?: unknown };
  return typeof aggregateType === 'string' && typeof aggregateId === 'string' ? `${aggregateType}/${aggregateId}` : undefined;
}

/** Whether an AMQP topic pattern ('account.#', 'card.*.changed') matches a routing key. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const words = routingKey.split('.');
  const parts = pattern.split('.');
  const match = (p: number, w: number): boolean => {
    if (p === parts.length) return w === words.length;
    const part = parts[p]!;
    if (part === '#') {
      for (let skip = w; skip <= words.length; skip += 1) if (match(p + 1, skip)) return true;
      return false;
    }
    if (w === words.length) return false;
    return (part === '*' || part === words[w]) && match(p + 1, w + 1);
  };
  return match(0, 0);
}

const FLOW_NAME = /^[a-z][a-z0-9-]{0,47}$/;

/** Checks a flow's definition once, at registration: a bad one fails with a clear message. */
export function checkFlow(flow: { readonly name: string; readonly bindings: readonly string[]; readonly maxAttempts?: number }, registered: Iterable<string>): void {
  if (!FLOW_NAME.test(flow.name)) throw new TypeError(`flow name ${JSON.stringify(flow.name)} must be lower-case letters, digits and dashes (at most 48)`);
  for (const name of registered) if (name === flow.name) throw new TypeError(`a flow named ${flow.name} is registered already`);
  if (flow.bindings.length === 0) throw new TypeError(`flow ${flow.name} binds no routing key`);
  for (const binding of flow.bindings) {
    if (!/^([a-z0-9-]+|\*|#)(\.([a-z0-9-]+|\*|#))*$/i.test(binding)) throw new TypeError(`flow ${flow.name}: ${JSON.stringify(binding)} is not a routing-key pattern`);
  }
  if (flow.maxAttempts !== undefined && (!Number.isInteger(flow.maxAttempts) || flow.maxAttempts < 1 || flow.maxAttempts > 100)) {
    throw new TypeError(`flow ${flow.name}: maxAttempts must be a whole number from 1 to 100`);
  }
}
