/**
 * The cursors of GetCardTransactions: the position after the last item of a page
 * (authorisedAt, authorisationId), the arrival watermark of the first page (items that
 * arrive later appear only on a new first page) and a fingerprint of the request's filter
 * (a cursor is valid only with the same card, period and statuses).
 */
import type { CursorFormat } from '../shared/paging.js';

export interface TransactionPosition {
  readonly watermark: number;
  readonly lastAuthorisedAt: number;
  readonly lastId: string;
}

const VERSION = 1;
const REFUSED = 'the cursor was not issued for this request; start again from the first page';

export function transactionCursor(filter: string): CursorFormat<TransactionPosition> {
  return {
    write: (position) => [VERSION, filter, position.watermark, position.lastAuthorisedAt, position.lastId],
    read: (value) => {
      if (!Array.isArray(value) || value.length !== 5) return undefined;
      const [version, issuedFor, watermark, lastAuthorisedAt, lastId] = value as unknown[];
      if (version !== VERSION || issuedFor !== filter || typeof lastId !== 'string') return undefined;
      if (!Number.isSafeInteger(watermark) || !Number.isSafeInteger(lastAuthorisedAt)) return undefined;
      return { watermark: watermark as number, lastAuthorisedAt: lastAuthorisedAt as number, lastId };
    },
    messages: { malformed: REFUSED, foreign: REFUSED },
  };
}
