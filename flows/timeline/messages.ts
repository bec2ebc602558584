/**
 * Reads the messages the timeline consumes into typed values, or refuses them with a
 * permanent FlowError whose code says what is wrong:
 * - change events (ChangeEventMessage, hub/bus/flow.ts) are read exactly as the hub read
 *   them when CacheControl accepted them (hub/events/parse.ts): the same checks, the same
 *   money, so the flow and the projections never disagree about an event;
 * - payment status events of the payments flow: `{ paymentId, clientId, accountId,
 *   amount: { value, currency }, status, reason?, occurredAt }` on payment.accepted,
 *   payment.completed, payment.rejected and payment.failed.
 */
import { MoneyError, parseAmount, type Money } from '../../common/money.js';
import type { PlainObject } from '../../common/soap/codec.js';
import type { FlowMessage } from '../../hub/bus/flow.js';
import { EVENT_KINDS, type EventKind } from '../../hub/events/entitlements.js';
import { parseEvent, type ParsedEvent } from '../../hub/events/parse.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../../hub/store/types.js';
import { unreadable } from './errors.js';

export type PaymentStatus = 'ACCEPTED' | 'COMPLETED' | 'REJECTED' | 'FAILED';

export interface PaymentStatusEvent {
  readonly paymentId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly status: PaymentStatus;
  readonly reason?: string;
  readonly occurredAt: Date;
}

export type TimelineInput = { readonly source: 'change'; readonly event: ParsedEvent } | { readonly source: 'payment'; readonly payment: PaymentStatusEvent };

/** The change events that can make an entry. BalanceChanged and ClientDataChanged make none (see docs/flows.md). */
export const CHANGE_KINDS: readonly EventKind[] = EVENT_KINDS.filter((kind) =>
  ['TransactionPosted', 'CardStatusChanged', 'ApplicationStatusChanged', 'LoanScheduleChanged', 'DepositChanged'].includes(kind.type),
);

export const PAYMENT_ROUTING_KEYS: Readonly<Record<string, PaymentStatus>> = {
  'payment.accepted': 'ACCEPTED',
  'payment.completed': 'COMPLETED',
  'payment.rejected': 'REJECTED',
  'payment.failed': 'FAILED',
};

const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const MAX_ID = 64;
/** cmn:LongText. */
const MAX_REASON = 4000;

export function readMessage(message: FlowMessage): TimelineInput {
  const payment = PAYMENT_ROUTING_KEYS[message.routingKey];
  if (payment) return { source: 'payment', payment: readPayment(message.body, payment, message.routingKey) };
  const kind = CHANGE_KINDS.find((each) => each.routingKey === message.routingKey);
  if (!kind) throw unreadable('UNSUPPORTED_MESSAGE', `the timeline does not handle messages with routing key ${message.routingKey}`);
  return { source: 'change', event: readChangeEvent(message.body, kind) };
}

function readChangeEvent(body: unknown, kind: EventKind): ParsedEvent {
  const message = structure(body, 'the message');
  if (message.type !== kind.type) throw schema(`${kind.routingKey} carries ${kind.type} events, the message is of type ${describe(message.type)}`);
  const source = message.sourceSystem;
  if (typeof source !== 'string' || !(SOURCE_SYSTEMS as readonly string[]).includes(source)) {
    throw schema(`sourceSystem must be one of ${SOURCE_SYSTEMS.join(', ')}, got ${describe(source)}`);
  }
  const fields: Record<string, unknown> = {};
  for (const name of ['eventId', 'aggregateType', 'aggregateId', 'sequence', 'occurredAt', 'schemaVersion']) {
    const value = message[name];
    if (typeof value !== 'string' || value.length === 0) throw schema(`${name} must be non-empty text, got ${describe(value)}`);
    fields[name] = value;
  }
  const payload = structure(message.payload, 'payload');
  const problem = notPlain(payload, 'payload');
  if (problem) throw schema(problem);
  // The ChangeEvent as CacheControl decoded it, so that the hub's own reader checks it.
  const event: PlainObject = {
    eventId: fields.eventId as string,
    sourceSystem: source,
    aggregate: { aggregateType: fields.aggregateType as string, aggregateId: fields.aggregateId as string },
    sequence: fields.sequence as string,
    occurredAt: fields.occurredAt as string,
    schemaVersion: fields.schemaVersion as string,
    [kind.element]: payload as PlainObject,
  };
  const outcome = parseEvent(source as SourceSystem, event);
  if (!outcome.ok) throw unreadable(outcome.rejection.code, `${kind.type} ${fields.eventId as string}: ${outcome.rejection.message}`);
  return outcome.event;
}

function readPayment(body: unknown, expected: PaymentStatus, routingKey: string): PaymentStatusEvent {
  const message = structure(body, 'the message');
  const id = (name: string): string => {
    const value = message[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) throw schema(`${name} must be an identifier of 1 to ${MAX_ID} characters, got ${describe(value)}`);
    return value;
  };
  const paymentId = id('paymentId');
  const clientId = id('clientId');
  const accountId = id('accountId');
  if (message.status !== expected) throw schema(`${routingKey} carries status ${expected}, the message says ${describe(message.status)}`);
  const amount = structure(message.amount, 'amount');
  let money: Money;
  try {
    money = parseAmount(amount.value as string, amount.currency as string);
  } catch (error) {
    if (error instanceof MoneyError) throw unreadable(error.code, `amount: ${error.message}`);
    throw error;
  }
  const occurredAt = message.occurredAt;
  const instant = typeof occurredAt === 'string' && TIMESTAMP.test(occurredAt) ? new Date(occurredAt) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) throw schema(`occurredAt must be a timestamp with a UTC offset, got ${describe(occurredAt)}`);
  const reason = message.reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length === 0 || reason.length > MAX_REASON)) {
    throw schema(`reason must be text of 1 to ${MAX_REASON} characters when present`);
  }
  return { paymentId, clientId, accountId, amount: money, status: expected, ...(reason !== undefined ? { reason } : {}), occurredAt: instant };
}

const schema = (message: string) => unreadable('SCHEMA_VIOLATION', message);

function structure(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw schema(`${what} must be a JSON object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

/** Why a value is not a plain value of common/soap/codec.ts (text, structures, lists), or undefined. */
function notPlain(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const problem = notPlain(value[index], `${path}[${index + 1}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) {
      const problem = notPlain(child, `${path}/${name}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${path} must be text, a structure or a list, got ${describe(value)}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
