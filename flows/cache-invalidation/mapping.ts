/**
 * From a change event on dbp.events to what the read cache must drop: the aggregate and,
 * when the payload names it, the client that owns it (so that the client's overview goes
 * too). Pure; undefined for a body that is not a change event.
 */
import type { ChangeEventMessage } from '../../hub/bus/flow.js';

/** The cache key parts of one change (the shape of hub/platform/cache.ts CacheChange). */
export interface InvalidatedChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly clientId?: string;
}

/** Routing keys of the change events CacheControl applies (hub/events/entitlements.ts). */
export const CHANGE_ROUTING_KEYS: readonly string[] = [
  'account.balance.changed',
  'account.transaction.posted',
  'card.status.changed',
  'client.data.changed',
  'application.status.changed',
  'loan.schedule.changed',
  'deposit.changed',
];

export function invalidatedChange(body: unknown): InvalidatedChange | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const event = body as Partial<ChangeEventMessage>;
  if (typeof event.aggregateType !== 'string' || typeof event.aggregateId !== 'string') return undefined;
  const clientId = typeof event.payload === 'object' && event.payload !== null ? event.payload.clientId : undefined;
  return { aggregateType: event.aggregateType, aggregateId: event.aggregateId, ...(typeof clientId === 'string' && clientId ? { clientId } : {}) };
}
