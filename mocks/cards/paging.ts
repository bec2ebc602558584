/**
 * Opaque keyset cursors for GetCardTransactions: base64url JSON of the position after the
 * last item of a page (authorisedAt, authorisationId), the arrival watermark of the first
 * page (items that arrive later appear only on a new first page) and a fingerprint of the
 * request's filter (a cursor is valid only with the same card, period and statuses).
 */
import { ContractFault } from '../server/types.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface CursorPosition {
  readonly filter: string;
  readonly watermark: number;
  readonly lastAuthorisedAt: number;
  readonly lastId: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([1, position.filter, position.watermark, position.lastAuthorisedAt, position.lastId]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedFilter: string): CursorPosition {
  const invalid = (): never => {
    throw new ContractFault('INVALID_CURSOR', 'the cursor was not issued for this request; start again from the first page', { field: 'page/cursor' });
  };
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) return invalid();
  const [version, filter, watermark, lastAuthorisedAt, lastId] = decoded as unknown[];
  if (version !== 1 || filter !== expectedFilter || typeof lastId !== 'string') return invalid();
  if (!Number.isSafeInteger(watermark) || !Number.isSafeInteger(lastAuthorisedAt)) return invalid();
  return { filter, watermark: watermark as number, lastAuthorisedAt: lastAuthorisedAt as number, lastId };
}

/** The page size asked for: 50 when absent, 1 to 500 (the schema enforces the range too). */
export function pageSize(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  const size = Number(limit.trim());
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ContractFault('SCHEMA_VIOLATION', `page limit must be 1 to ${MAX_PAGE_SIZE}, got ${limit}`, { field: 'page/limit' });
  }
  return size;
}
