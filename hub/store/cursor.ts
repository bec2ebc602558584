/**
 * Opaque keyset cursors: the position after the last item shown and a fingerprint of the
 * query, so that a cursor is refused on any other query (or list) instead of paging
 * through the wrong one. Every cursor-paged list of the hub (statements, the timeline,
 * payments, applications, standing orders) writes its cursors with these two functions.
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

/** Checks of a cursor's position parts. */
export const isDate = (value: string): boolean => DATE.test(value);
export const isInstant = (value: string): boolean => !Number.isNaN(Date.parse(value)) && /^[0-9]{4}-[0-9]{2}-[0-9]{2}T/.test(value);
export const isKey = (value: string): boolean => value.length > 0 && value.length <= 256;

/** A cursor of list `tag` at `position` (its parts as strings) for the query fingerprinted as `query`. */
export function encodeOpaqueCursor(tag: string, position: readonly string[], query: string): string {
  return Buffer.from(JSON.stringify([tag, ...position, query])).toString('base64url');
}

/** The position parts of a cursor that list `tag` issued for `query`, each passing its check; INVALID_CURSOR otherwise. */
export function decodeOpaqueCursor(tag: string, cursor: string, query: string, checks: readonly ((value: string) => boolean)[]): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const parts = Array.isArray(parsed) && parsed.length === checks.length + 2 && parsed[0] === tag ? parsed.slice(1, -1) : undefined;
  if (!parts || !parts.every((part, index) => typeof part === 'string' && checks[index]!(part))) {
    throw new HubError('INVALID_CURSOR', 'The cursor is not one this service issued.', { field: 'cursor' });
  }
  if ((parsed as unknown[]).at(-1) !== query) throw new HubError('INVALID_CURSOR', 'The cursor belongs to another query.', { field: 'cursor' });
  return parts as string[];
}

export function encodeCursor(position: Position, query: string): string {
  return encodeOpaqueCursor('statement/1', [position.entryDate, position.entryReference], query);
}

export function decodeCursor(cursor: string, query: string): Position {
  const [entryDate, entryReference] = decodeOpaqueCursor('statement/1', cursor, query, [isDate, isKey]);
  return { entryDate: entryDate!, entryReference: entryReference! };
}
