/**
 * Keyset paging for the mocks' lists. A cursor is base64url JSON of the position after the
 * last item returned (a key in the list's stable order, not an offset, so items that
 * arrive meanwhile never make a page skip or repeat one), tagged by each list with what it
 * belongs to (the list, the request's filter). Anything that does not decode to a cursor
 * of that list is INVALID_CURSOR.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import { ContractFault } from '../server/types.js';

/** cmn:PageRequest's limit: 50 when absent, at most 500. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Which page of a list: an opaque cursor from the previous page and the page size. */
export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present exactly when another page follows. */
  readonly nextCursor?: string | undefined;
}

/** How one list writes its position into a cursor and reads it back. */
export interface CursorFormat<P> {
  /** The JSON value of a cursor at `position`. */
  readonly write: (position: P) => unknown;
  /** The position in a cursor's JSON value; undefined when it is not a cursor of this list (or request). */
  readonly read: (value: unknown) => P | undefined;
  /** The INVALID_CURSOR messages: for text that is no cursor at all, and for a cursor of something else. */
  readonly messages: { readonly malformed: string; readonly foreign: string };
}

/** The order of a list, as its pages need it. */
export interface KeysetOrder<T, P> {
  readonly cursor: CursorFormat<P>;
  /** The position of an item, written into the cursor of the page it ends. */
  readonly positionOf: (item: T) => P;
  /** Whether an item comes after a position, in the list's order. */
  readonly isAfter: (item: T, position: P) => boolean;
}

export function encodeCursor<P>(format: CursorFormat<P>, position: P): string {
  return Buffer.from(JSON.stringify(format.write(position)), 'utf8').toString('base64url');
}

/** The position of a cursor issued with `format`, or INVALID_CURSOR. */
export function decodeCursor<P>(format: CursorFormat<P>, cursor: string): P {
  const invalid = (message: string): ContractFault => new ContractFault('INVALID_CURSOR', message, { field: 'page/cursor' });
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid(format.messages.malformed);
  }
  const position = format.read(value);
  if (position === undefined) throw invalid(format.messages.foreign);
  return position;
}

/** One page of `ordered` (already in the list's order) after the position of the request's cursor. */
export function keysetPage<T, P>(ordered: readonly T[], request: PageRequest, order: KeysetOrder<T, P>): Page<T> {
  const after = request.cursor === undefined ? undefined : decodeCursor(order.cursor, request.cursor);
  return pageAfter(ordered, request.limit, after, order);
}

/** One page of `ordered` after a position already read from the cursor (undefined: the first page). */
export function pageAfter<T, P>(ordered: readonly T[], limit: number, after: P | undefined, order: KeysetOrder<T, P>): Page<T> {
  const remaining = after === undefined ? ordered : ordered.filter((item) => order.isAfter(item, after));
  const items = remaining.slice(0, limit);
  const last = items[items.length - 1];
  if (remaining.length <= items.length || last === undefined) return { items };
  return { items, nextCursor: encodeCursor(order.cursor, order.positionOf(last)) };
}

/** cmn:PageInfo of a page. */
export function pageInfo(page: Page<unknown>): EncodableObject {
  return page.nextCursor === undefined ? { hasMore: false } : { hasMore: true, nextCursor: page.nextCursor };
}
