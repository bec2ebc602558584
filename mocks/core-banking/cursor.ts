/**
 * The core banking system's cursors: the position after the last item returned (a key in
 * the list's order) and the request's filter, so that a cursor only works with the request
 * it was issued for.
 */
import type { CursorFormat } from '../shared/paging.js';

export type Position = readonly (string | number)[];

export function requestCursor(filter: string): CursorFormat<Position> {
  return {
    write: (position) => ({ f: filter, p: position }),
    read: (value) => {
      const { f, p } = (value ?? {}) as { f?: unknown; p?: unknown };
      const isPosition = Array.isArray(p) && p.every((item) => typeof item === 'string' || typeof item === 'number');
      return f === filter && isPosition ? (p as Position) : undefined;
    },
    messages: { malformed: 'the cursor was not issued by this server', foreign: 'the cursor does not belong to this request' },
  };
}
