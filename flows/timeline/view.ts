/**
 * The JSON of timeline entries for channels, as the OpenAPI fragment (./openapi.ts)
 * documents it: amounts as decimal strings with their currency, instants as ISO 8601 UTC,
 * absent values left out, the flow's own bookkeeping (source message, product state) not
 * shown.
 */
import { formatAmount } from '../../common/money.js';
import type { TimelineEntry, TimelineKind, TimelinePage, TimelineReferences, WireMoney } from './types.js';

export interface TimelineEntryView {
  readonly entryId: string;
  readonly kind: TimelineKind;
  readonly occurredAt: string;
  readonly updatedAt: string;
  readonly status?: string;
  readonly amount?: WireMoney;
  readonly creditDebitIndicator?: 'CRDT' | 'DBIT';
  readonly references: TimelineReferences;
  readonly details: TimelineEntry['details'];
}

export interface TimelinePageView {
  readonly clientId: string;
  readonly items: readonly TimelineEntryView[];
  readonly nextCursor?: string;
}

export function timelineEntryView(entry: TimelineEntry): TimelineEntryView {
  return {
    entryId: entry.entryId,
    kind: entry.kind,
    occurredAt: entry.occurredAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    ...(entry.status !== undefined ? { status: entry.status } : {}),
    ...(entry.amount ? { amount: { amount: formatAmount(entry.amount), currency: entry.amount.currency } } : {}),
    ...(entry.creditDebitIndicator ? { creditDebitIndicator: entry.creditDebitIndicator } : {}),
    references: { ...entry.references },
    details: entry.details,
  };
}

export function timelinePageView(clientId: string, page: TimelinePage): TimelinePageView {
  return { clientId, items: page.items.map(timelineEntryView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
