/**
 * Cursor paging. A cursor is base64url JSON of the position after the last item returned
 * (a key in the list's stable order, so items that arrive meanwhile never make a page skip
 * or repeat one) and of the request's filter, so that a cursor only works with the request
 * it was issued for. Anything that does not decode to that is INVALID_CURSOR.
 */
import { fault } from './faults.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  readonly cursor: string | undefined;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | undefined;
}

export function encodeCursor(filter: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify({ f: filter, p: position }), 'utf8').toString('base64url');
}

/** The position stored in a cursor issued for `filter`. */
export function decodeCursor(cursor: string, filter: string): (string | number)[] {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fault('INVALID_CURSOR', 'the cursor was not issued by this server', 'page/cursor');
  }
  const { f, p } = (decoded ?? {}) as { f?: unknown; p?: unknown };
  if (f !== filter || !Array.isArray(p) || !p.every((item) => typeof item === 'string' || typeof item === 'number')) {
    throw fault('INVALID_CURSOR', 'the cursor does not belong to this request', 'page/cursor');
  }
  return p as (string | number)[];
}

/**
 * One page of `items` (already in the list's order) after the cursor's position.
 * `isAfter(item, position)` says whether an item comes after a position in that order.
 */
export function pageOf<T>(
  items: readonly T[],
  request: PageRequest,
  filter: string,
  positionOf: (item: T) => (string | number)[],
  isAfter: (item: T, position: readonly (string | number)[]) => boolean,
): Page<T> {
  const start = request.cursor === undefined ? undefined : decodeCursor(request.cursor, filter);
  const remaining = start === undefined ? items : items.filter((item) => isAfter(item, start));
  const page = remaining.slice(0, request.limit);
  const last = page[page.length - 1];
  const nextCursor = remaining.length > page.length && last !== undefined ? encodeCursor(filter, positionOf(last)) : undefined;
  return { items: page, nextCursor };
}
