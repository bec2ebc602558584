/**
 * The CacheControl service: what the hub does with each operation once the ingress has
 * authenticated and validated the request. The source system is the authenticated one,
 * never a value taken from the message.
 */
import type { PlainObject } from '../../common/soap/codec.js';
import { HubError } from '../errors/catalog.js';
import { applyEvents, getLastSequence, requestResync } from '../events/apply.js';
import type { IngressHandler } from '../ingress/index.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { AggregateRef, SourceSystem, Store } from '../store/index.js';

const SOURCE_SYSTEMS: ReadonlySet<string> = new Set<SourceSystem>(['CORE_BANKING', 'CARDS', 'CRM']);

/** An applied change, for whoever keeps copies of the data (the read cache). */
export interface AppliedChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly clientId?: string;
}

export interface CacheControlOptions {
  readonly store: Store;
  readonly metrics: HubMetrics;
  readonly now?: () => Date;
  /** Called after the batch committed, once per accepted event. */
  readonly onApplied?: (change: AppliedChange) => void;
  /** Called after a batch that accepted events committed (the outbox has new rows). */
  readonly onCommitted?: () => void;
  /** Called after an aggregate was marked for resync (a sequence gap or RequestResync). */
  readonly onResyncMarked?: () => void;
}

export function createCacheControlHandlers(options: CacheControlOptions): Readonly<Record<string, IngressHandler>> {
  const { store, metrics } = options;
  const now = options.now ?? (() => new Date());
  const sourceOf = (principal: string): SourceSystem => {
    if (!SOURCE_SYSTEMS.has(principal)) throw new HubError('NOT_ENTITLED', `${principal} is not a source system of change events`);
    return principal as SourceSystem;
  };
  const aggregateOf = (request: PlainObject): AggregateRef => {
    const aggregate = request.aggregate as PlainObject;
    return { aggregateType: String(aggregate.aggregateType), aggregateId: String(aggregate.aggregateId) } as AggregateRef;
  };

  return {
    PublishEvents: async (request, context) => {
      const source = sourceOf(context.sourceSystem);
      const results = await applyEvents(store, source, request.event as PlainObject[], now());
      const counts: Partial<Record<'ACCEPTED' | 'DUPLICATE' | 'STALE' | 'REJECTED', number>> = {};
      let gaps = 0;
      for (const result of results) {
        counts[result.result] = (counts[result.result] ?? 0) + 1;
        if (result.resyncRequired) gaps += 1;
      }
      metrics.eventResults(source, counts);
      if (gaps > 0) {
        metrics.sequenceGaps(source, gaps);
        options.onResyncMarked?.();
      }
      if (counts.ACCEPTED) options.onCommitted?.();
      if (options.onApplied && counts.ACCEPTED) {
        const byId = new Map((request.event as PlainObject[]).map((event) => [String(event.eventId), event]));
        for (const result of results) {
          if (result.result === 'ACCEPTED') options.onApplied(changeOf(byId.get(result.eventId)!));
        }
      }
      return { result: results.map((result) => ({ ...result })) };
    },
    GetLastSequence: async (request, context) => {
      const state = await getLastSequence(store, sourceOf(context.sourceSystem), aggregateOf(request));
      return {
        aggregate: { ...state.aggregate },
        lastSequence: state.lastSequence,
        resyncPending: state.resyncPending,
        ...(state.asOf ? { asOf: state.asOf.toISOString() } : {}),
      };
    },
    RequestResync: async (request, context) => {
      const aggregate = aggregateOf(request);
      const reason = typeof request.reason === 'string' ? request.reason : undefined;
      const resyncId = await requestResync(store, sourceOf(context.sourceSystem), aggregate, reason, now());
      options.onResyncMarked?.();
      return { aggregate: { ...aggregate }, resyncId };
    },
  };
}

/** The aggregate of an event and, when the payload names it, the client it belongs to. */
function changeOf(event: PlainObject): AppliedChange {
  const aggregate = event.aggregate as PlainObject;
  const payload = Object.values(event).find((value): value is PlainObject => typeof value === 'object' && !Array.isArray(value) && value !== aggregate && 'clientId' in value);
  return {
    aggregateType: String(aggregate.aggregateType),
    aggregateId: String(aggregate.aggregateId),
    ...(payload ? { clientId: String(payload.clientId) } : {}),
  };
}
