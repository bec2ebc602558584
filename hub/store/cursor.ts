/**
 * Opaque keyset cursors for statement pages: the position after the last item shown
 * (entry date, entry reference) and a fingerprint of the query, so that a cursor is
 * refused on any other query instead of paging through the wrong list.
 */
import { createHash } from 'node:crypto';
import { HubError } from '../errors/catalog.js';

export interface Position {
  readonly entryDate: string;
  readonly entryReference: string;
}

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function fingerprint(parts: readonly (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\u0000'))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(position: Position, query: string): string {
  return Buffer.from(JSON.stringify([1, position.entryDate, position.entryReference, query])).toString('base64url');
}

export function decodeCursor(cursor: string, query: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== 1 ||
    typeof parsed[1] !== 'string' ||
    !DATE.test(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    parsed[2].length === 0
  ) {
    throw new HubError('INVALID_CURSOR', 'The cursor is not one this service issued.', { field: 'cursor' });
  }
  if (parsed[3] !== query) throw new HubError('INVALID_CURSOR', 'The cursor belongs to another query.', { field: 'cursor' });
  return { entryDate: parsed[1], entryReference: parsed[2] };
}
