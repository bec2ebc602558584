/**
 * The journey of one event through the hub, by its eventId, for operators: its ingress
 * (the processed_event row CacheControl wrote), its outbox row (created, sent, attempts),
 * and each flow's outcome: processed (when), in retry (attempts, last error, next
 * attempt), dead-lettered (with the reason), or still pending.
 */
import { HubError } from '../errors/catalog.js';
import { selectList, type TableSpec } from '../store/rows.js';
import { outboxByEventId } from '../store/outbox.js';
import { PROCESSED_EVENT } from '../store/tables.js';
import type { Store } from '../store/index.js';
import type { FlowDefinition } from './flow.js';
import { deadLettersOf, processedAt, retriesOf } from './records.js';
import { topicMatches } from './types.js';

export type FlowStage = 'processed' | 'retrying' | 'dead-lettered' | 'pending';

export interface FlowStep {
  readonly flow: string;
  readonly stage: FlowStage;
  readonly processedAt?: string;
  readonly attempts?: number;
  readonly code?: string;
  readonly reason?: string;
  readonly firstFailedAt?: string;
  readonly nextAttemptAt?: string;
  readonly deadAt?: string;
}

export interface EventJourney {
  readonly eventId: string;
  readonly ingress?: { readonly sourceSystem: string; readonly aggregateType: string; readonly aggregateId: string; readonly sequence: string; readonly acceptedAt: string };
  readonly outbox?: { readonly id: string; readonly routingKey: string; readonly createdAt: string; readonly sentAt?: string; readonly attempts: number };
  readonly flows: readonly FlowStep[];
}

/** NOT_FOUND when the hub knows nothing of the event. */
export async function eventJourney(store: Pick<Store, 'query'>, flows: readonly FlowDefinition[], eventId: string): Promise<EventJourney> {
  return store.query('reading the journey of an event', async (ex) => {
    const { quote, table, param } = ex.dialect;
    const [ingressRow] = await ex.query(`SELECT ${selectList(PROCESSED_EVENT as TableSpec<unknown>, ex.dialect)} FROM ${table('processed_event')} WHERE ${quote('event_id')} = ${param(0)}`, [eventId]);
    const ingress = ingressRow ? PROCESSED_EVENT.fromRow(ingressRow) : undefined;
    const outbox = await outboxByEventId(ex, eventId);
    const processed = await processedAt(ex, eventId);
    const retries = new Map((await retriesOf(ex, eventId)).map((retry) => [retry.flow, retry]));
    const dead = new Map((await deadLettersOf(ex, eventId)).map((letter) => [letter.flow, letter]));
    if (!ingress && !outbox && processed.size === 0 && retries.size === 0 && dead.size === 0) throw new HubError('NOT_FOUND', `the hub has no record of event ${eventId}`);

    const names = new Set<string>([...processed.keys(), ...retries.keys(), ...dead.keys()]);
    if (outbox) for (const flow of flows) if (flow.bindings.some((pattern) => topicMatches(pattern, outbox.routingKey))) names.add(flow.name);
    const steps: FlowStep[] = [...names].sort().map((flow): FlowStep => {
      const at = processed.get(flow);
      if (at) return { flow, stage: 'processed', processedAt: at.toISOString() };
      const letter = dead.get(flow);
      if (letter) return { flow, stage: 'dead-lettered', attempts: letter.attempts, code: letter.code, reason: letter.reason, firstFailedAt: letter.firstFailedAt.toISOString(), deadAt: letter.deadAt.toISOString() };
      const retry = retries.get(flow);
      if (retry) {
        return { flow, stage: 'retrying', attempts: retry.attempts, code: retry.code, reason: retry.reason, firstFailedAt: retry.firstFailedAt.toISOString(), nextAttemptAt: retry.nextAttemptAt.toISOString() };
      }
      return { flow, stage: 'pending' };
    });
    return {
      eventId,
      ...(ingress
        ? { ingress: { sourceSystem: ingress.sourceSystem, aggregateType: ingress.aggregateType, aggregateId: ingress.aggregateId, sequence: ingress.sequence.toString(), acceptedAt: ingress.processedAt.toISOString() } }
        : {}),
      ...(outbox
        ? { outbox: { id: outbox.id, routingKey: outbox.routingKey, createdAt: outbox.createdAt.toISOString(), ...(outbox.sentAt ? { sentAt: outbox.sentAt.toISOString() } : {}), attempts: outbox.attempts } }
        : {}),
      flows: steps,
    };
  });
}
