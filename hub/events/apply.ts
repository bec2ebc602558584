/**
 * Applies a batch of change events from one authenticated source system (CacheControl
 * PublishEvents) in ONE database transaction, and answers one result per event in
 * request order:
 * - REJECTED (reasonCode, reason): not the caller's system or not its event type
 *   (NOT_ENTITLED), a payload that does not fit its aggregate or an unknown major schema
 *   version (SCHEMA_VIOLATION), money invalid for its currency (INVALID_MONEY,
 *   UNKNOWN_CURRENCY), an account whose currency would change (CURRENCY_MISMATCH);
 * - DUPLICATE: the eventId was accepted before, in an earlier batch or this one;
 * - STALE: the sequence is not above the last applied one of the aggregate;
 * - ACCEPTED: applied to the projections, the aggregate's sequence advanced, the eventId
 *   recorded and one outbox row written. A sequence beyond last + 1 (a gap: events were
 *   missed) is accepted too, marks the aggregate for resynchronisation and answers
 *   resyncRequired.
 * Only ACCEPTED events write anything, and they are committed together or not at all: a
 * database failure throws HubError SERVICE_UNAVAILABLE or INTERNAL_ERROR.
 *
 * Sequences are kept per source system and aggregate: card processing and core banking
 * both publish ACCOUNT events, each numbering its own changes.
 */
import { randomUUID } from 'node:crypto';
import type { PlainObject } from '../../common/soap/codec.js';
import type { Store } from '../store/index.js';
import { emptyChangeSet } from '../store/changes.js';
import { aggregateKey, type AggregateRef, type AggregateState, type SourceSystem } from '../store/types.js';
import { HubError } from '../errors/catalog.js';
import { parseEvent, Rejection, type ParseOutcome, type ParsedEvent, type RejectionCode } from './parse.js';
import { Projection } from './project.js';

export type EventResultCode = 'ACCEPTED' | 'DUPLICATE' | 'STALE' | 'REJECTED';

/** cc:EventResult as a plain value the CacheControl codec encodes. */
export interface EventResult {
  readonly eventId: string;
  readonly result: EventResultCode;
  /** The aggregate's last applied sequence after this event; 0 when none. */
  readonly lastSequence: bigint;
  readonly resyncRequired?: boolean;
  readonly reasonCode?: RejectionCode;
  readonly reason?: string;
}

/** What applying events needs of the store. */
export type EventStore = Pick<Store, 'changes'>;

/** cmn:LongText holds at most 4000 characters. */
const MAX_REASON = 4000;

export async function applyEvents(store: EventStore, source: SourceSystem, events: readonly PlainObject[], now: Date): Promise<EventResult[]> {
  if (events.length === 0) return [];
  let outcomes: ParseOutcome[];
  try {
    outcomes = events.map((event) => parseEvent(source, event));
  } catch (error) {
    throw new HubError('INTERNAL_ERROR', 'The events could not be read.', { cause: error });
  }
  return store.changes(async (tx) => {
    const valid = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.event] : []));
    const refs = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.event.aggregate] : outcome.aggregate ? [outcome.aggregate] : []));
    const states = await tx.lockAggregates(source, refs);
    const seen = valid.length ? await tx.processedEventIds(valid.map((event) => event.eventId)) : new Set<string>();
    const ids = (type: string) => valid.filter((event) => event.aggregate.aggregateType === type).map((event) => event.aggregate.aggregateId);
    const accountIds = ids('ACCOUNT');
    const clientIds = ids('CLIENT');
    const projection = new Projection(accountIds.length ? await tx.accounts(accountIds) : new Map(), clientIds.length ? await tx.clients(clientIds) : new Map());

    const changes = emptyChangeSet();
    const accepted = new Set<string>();
    const touched = new Map<string, AggregateState>();
    const stateOf = (ref: AggregateRef): AggregateState =>
      states.get(aggregateKey(ref)) ?? { sourceSystem: source, ...ref, lastSequence: 0n, resyncPending: false };

    const results = outcomes.map((outcome): EventResult => {
      if (!outcome.ok) return rejected(outcome.eventId, outcome.aggregate ? stateOf(outcome.aggregate).lastSequence : 0n, outcome.rejection);
      const event = outcome.event;
      const state = stateOf(event.aggregate);
      if (accepted.has(event.eventId) || seen.has(event.eventId)) return { eventId: event.eventId, result: 'DUPLICATE', lastSequence: state.lastSequence };
      if (event.sequence <= state.lastSequence) return { eventId: event.eventId, result: 'STALE', lastSequence: state.lastSequence };
      try {
        projection.apply(event);
      } catch (error) {
        if (error instanceof Rejection) return rejected(event.eventId, state.lastSequence, error);
        throw error;
      }
      const gap = event.sequence > state.lastSequence + 1n;
      const next: AggregateState = { ...state, lastSequence: event.sequence, resyncPending: state.resyncPending || gap, asOf: now };
      const key = aggregateKey(event.aggregate);
      states.set(key, next);
      touched.set(key, next);
      accepted.add(event.eventId);
      changes.processed.push({ eventId: event.eventId, sourceSystem: source, ...event.aggregate, sequence: event.sequence, processedAt: now });
      changes.outbox.push({ eventId: event.eventId, routingKey: event.kind.routingKey, payload: outboxPayload(event, gap), createdAt: now });
      if (gap && !state.resyncPending) {
        changes.resyncRequests.push({ resyncId: randomUUID(), sourceSystem: source, ...event.aggregate, origin: 'GAP', reason: `sequence ${event.sequence} after ${state.lastSequence}`, requestedAt: now });
      }
      return gap ? { eventId: event.eventId, result: 'ACCEPTED', lastSequence: event.sequence, resyncRequired: true } : { eventId: event.eventId, result: 'ACCEPTED', lastSequence: event.sequence };
    });

    if (accepted.size > 0) {
      Object.assign(changes, projection.changes());
      changes.aggregates.push(...touched.values());
      await tx.write(changes);
    }
    return results;
  });
}

function rejected(eventId: string, lastSequence: bigint, rejection: Rejection): EventResult {
  const reason = rejection.message.length > MAX_REASON ? `${rejection.message.slice(0, MAX_REASON - 1)}…` : rejection.message;
  return { eventId: eventId || 'unknown', result: 'REJECTED', lastSequence, reasonCode: rejection.code, reason };
}

/** The message the outbox relay publishes: the event's envelope and its payload as received. */
function outboxPayload(event: ParsedEvent, resyncRequired: boolean): string {
  return JSON.stringify({
    eventId: event.eventId,
    type: event.kind.type,
    sourceSystem: event.sourceSystem,
    aggregateType: event.aggregate.aggregateType,
    aggregateId: event.aggregate.aggregateId,
    sequence: event.sequence.toString(),
    occurredAt: event.occurredAt.toISOString(),
    schemaVersion: event.schemaVersion,
    ...(resyncRequired ? { resyncRequired } : {}),
    payload: event.payload,
  });
}

/** GetLastSequence: the aggregate's ordering state as the caller's own system published it. */
export async function getLastSequence(
  store: Pick<Store, 'aggregateState'>,
  source: SourceSystem,
  aggregate: AggregateRef,
): Promise<{ readonly aggregate: AggregateRef; readonly lastSequence: bigint; readonly resyncPending: boolean; readonly asOf?: Date }> {
  const state = await store.aggregateState(source, aggregate);
  return {
    aggregate: { aggregateType: aggregate.aggregateType, aggregateId: aggregate.aggregateId },
    lastSequence: state?.lastSequence ?? 0n,
    resyncPending: state?.resyncPending ?? false,
    ...(state?.asOf ? { asOf: state.asOf } : {}),
  };
}

/** RequestResync: marks the aggregate for reloading and records the request; answers its id. */
export async function requestResync(store: EventStore, source: SourceSystem, aggregate: AggregateRef, reason: string | undefined, now: Date): Promise<string> {
  const resyncId = randomUUID();
  await store.changes(async (tx) => {
    const states = await tx.lockAggregates(source, [aggregate]);
    const state = states.get(aggregateKey(aggregate)) ?? { sourceSystem: source, ...aggregate, lastSequence: 0n, resyncPending: false };
    const changes = emptyChangeSet();
    changes.aggregates.push({ ...state, resyncPending: true });
    changes.resyncRequests.push({ resyncId, sourceSystem: source, ...aggregate, origin: 'REQUESTED', ...(reason ? { reason } : {}), requestedAt: now });
    await tx.write(changes);
  });
  return resyncId;
}
