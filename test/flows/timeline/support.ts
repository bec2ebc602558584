/**
 * Support of the timeline tests: messages exactly as the flow receives them. Change events
 * go the real way (CacheControl's applyEvents writes the projections and the outbox row,
 * whose JSON is the message body); payment status events are built as the payments flow
 * publishes them. Handlers run on a real store transaction, as the bus runs them.
 */
import { expect } from 'chai';
import type { PlainObject } from '../../../common/soap/codec.js';
import { FlowError, type FlowMessage } from '../../../hub/bus/flow.js';
import { applyEvents } from '../../../hub/events/apply.js';
import { EVENT_KINDS } from '../../../hub/events/entitlements.js';
import type { SourceSystem, Store } from '../../../hub/store/index.js';
import { createTimelineFlow, timelinePage, type TimelineEntry } from '../../../flows/timeline/index.js';

export const NOW = new Date('2026-11-24T09:31:00Z');

/** Applies change events through CacheControl's path and answers their outbox messages, in order. */
export async function published(store: Store, source: SourceSystem, events: readonly PlainObject[]): Promise<FlowMessage[]> {
  const results = await applyEvents(store, source, events, NOW);
  expect(results.map((result) => result.result)).to.deep.equal(events.map(() => 'ACCEPTED'));
  const ids = new Set(events.map((event) => event.eventId as string));
  // In outbox id order, compared as numbers: the order the events were applied in.
  const rows = (await store.pending(10_000)).filter((row) => ids.has(row.eventId)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  expect(rows).to.have.length(events.length);
  return rows.map((row) => ({ messageId: row.eventId, routingKey: row.routingKey, body: JSON.parse(row.payload) as unknown, attempt: 1 }));
}

/** The outbox message of a change event, without a store (as hub/events/apply.ts writes it). */
export function messageOf(event: PlainObject): FlowMessage {
  const element = Object.keys(event).find((key) => EVENT_KINDS.some((kind) => kind.element === key))!;
  const kind = EVENT_KINDS.find((each) => each.element === element)!;
  const aggregate = event.aggregate as { aggregateType: string; aggregateId: string };
  return {
    messageId: event.eventId as string,
    routingKey: kind.routingKey,
    body: {
      eventId: event.eventId,
      type: kind.type,
      sourceSystem: event.sourceSystem,
      aggregateType: aggregate.aggregateType,
      aggregateId: aggregate.aggregateId,
      sequence: event.sequence,
      occurredAt: new Date(event.occurredAt as string).toISOString(),
      schemaVersion: event.schemaVersion,
      payload: event[element],
    },
    attempt: 1,
  };
}

/** The same change event for another client (the builders of test/store/support.ts say CL1). */
export function forClient(event: PlainObject, clientId: string): PlainObject {
  const copy = structuredClone(event);
  for (const value of Object.values(copy)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.clientId === 'string') value.clientId = clientId;
  }
  return copy;
}

/** A change event that happened at another instant. */
export function at(event: PlainObject, occurredAt: string): PlainObject {
  return { ...event, occurredAt };
}

export interface PaymentOptions {
  readonly status?: 'ACCEPTED' | 'COMPLETED' | 'REJECTED' | 'FAILED';
  readonly clientId?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly reason?: string;
  readonly occurredAt?: string;
  readonly messageId?: string;
}

let paymentCounter = 0;

export function paymentMessage(paymentId: string, options: PaymentOptions = {}): FlowMessage {
  const status = options.status ?? 'ACCEPTED';
  return {
    messageId: options.messageId ?? `pay-msg-${process.pid}-${(paymentCounter += 1)}`,
    routingKey: `payment.${status.toLowerCase()}`,
    body: {
      paymentId,
      clientId: options.clientId ?? 'CL1',
      accountId: 'AC1',
      amount: { value: options.amount ?? '125.50', currency: options.currency ?? 'EUR' },
      status,
      ...(options.reason ? { reason: options.reason } : {}),
      occurredAt: options.occurredAt ?? '2026-11-24T10:00:00Z',
    },
    attempt: 1,
  };
}

export interface Emitted {
  readonly routingKey: string;
  readonly messageId: string;
}

/** Runs the flow's handler on one store transaction per message, as the bus does; records what it emits. */
export function runner(store: Store): { handle(...messages: FlowMessage[]): Promise<void>; emitted: Emitted[] } {
  const flow = createTimelineFlow();
  const emitted: Emitted[] = [];
  return {
    emitted,
    async handle(...messages) {
      for (const message of messages) {
        await store.transaction('test', (ex) =>
          flow.handle(message, {
            ex,
            emit: async (routingKey, messageId) => {
              emitted.push({ routingKey, messageId });
            },
          }),
        );
      }
    },
  };
}

/** Every entry of the client, newest first, in one page. */
export async function timeline(store: Store, clientId = 'CL1'): Promise<TimelineEntry[]> {
  const page = await timelinePage(store, { clientId, limit: 1000 });
  expect(page.nextCursor).to.equal(undefined);
  return [...page.items];
}

/** The FlowError a promise rejects with (store.transaction wraps it in a HubError whose cause it is, as the bus sees it). */
export async function flowError(promise: Promise<unknown>): Promise<FlowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && !(current instanceof FlowError); depth += 1) current = (current as { cause?: unknown }).cause;
  expect(current, `a FlowError, got ${String(error)}`).to.be.instanceOf(FlowError);
  return current as FlowError;
}
