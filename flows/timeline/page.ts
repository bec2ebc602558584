/**
 * Reading a client's timeline in pages, newest first: by occurredAt, then entryId, both
 * descending (entries never move once written, so a walk with the cursor sees each
 * entry once). The cursor is opaque, in the style of the statement cursors of
 * hub/store/cursor.ts: the position after the last entry shown and a fingerprint of the
 * query (client and period), so that it is refused on any other query.
 */
import { HubError } from '../../hub/errors/catalog.js';
import { decodeOpaqueCursor, encodeOpaqueCursor, fingerprint, isInstant, isKey } from '../../hub/store/cursor.js';
import type { Executor, Store } from '../../hub/store/index.js';
import { selectList, type TableSpec } from '../../hub/store/rows.js';
import { TIMELINE_ENTRY } from './entries.js';
import type { TimelinePage, TimelineQuery } from './types.js';

export const MAX_TIMELINE_PAGE = 1000;

interface Position {
  readonly occurredAt: Date;
  readonly entryId: string;
}

const TAG = 'timeline/1';
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

export function encodeTimelineCursor(position: Position, query: string): string {
  return encodeOpaqueCursor(TAG, [position.occurredAt.toISOString(), position.entryId], query);
}

export function decodeTimelineCursor(cursor: string, query: string): Position {
  const [occurredAt, entryId] = decodeOpaqueCursor(TAG, cursor, query, [(value) => INSTANT.test(value) && isInstant(value), isKey]);
  return { occurredAt: new Date(occurredAt!), entryId: entryId! };
}

/** One page of the client's timeline, on an executor (inside a transaction) or on the store. */
export async function timelinePage(source: Executor | Pick<Store, 'query'>, query: TimelineQuery): Promise<TimelinePage> {
  if ('dialect' in source) return readPage(source, query);
  return source.query('reading the timeline', (ex) => readPage(ex, query));
}

async function readPage(ex: Executor, query: TimelineQuery): Promise<TimelinePage> {
  const { quote, param, table } = ex.dialect;
  if (typeof query.clientId !== 'string' || query.clientId.length === 0) throw new HubError('INVALID_REQUEST', 'clientId is required', { field: 'clientId' });
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_TIMELINE_PAGE) {
    throw new HubError('INVALID_REQUEST', `limit must be a whole number from 1 to ${MAX_TIMELINE_PAGE}`, { field: 'limit' });
  }
  for (const field of ['before', 'after'] as const) {
    const value = query[field];
    if (value !== undefined && (!(value instanceof Date) || Number.isNaN(value.getTime()))) throw new HubError('INVALID_REQUEST', `${field} must be an instant`, { field });
  }
  if (query.before && query.after && query.after.getTime() >= query.before.getTime()) {
    throw new HubError('INVALID_PERIOD', 'after must be earlier than before', { field: 'after' });
  }
  const signature = fingerprint(['timeline', query.clientId, query.before?.toISOString(), query.after?.toISOString()]);
  const position = query.cursor === undefined ? undefined : decodeTimelineCursor(query.cursor, signature);

  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return param(params.length - 1);
  };
  const occurred = quote('occurred_at');
  const conditions = [`${quote('client_id')} = ${bind(query.clientId)}`];
  if (query.before) conditions.push(`${occurred} < ${bind(query.before.toISOString())}`);
  if (query.after) conditions.push(`${occurred} > ${bind(query.after.toISOString())}`);
  if (position) {
    const at = position.occurredAt.toISOString();
    conditions.push(`(${occurred} < ${bind(at)} OR (${occurred} = ${bind(at)} AND ${quote('entry_id')} < ${bind(position.entryId)}))`);
  }
  const rows = await ex.query(
    ex.dialect.limit(
      `SELECT ${selectList(TIMELINE_ENTRY as TableSpec<unknown>, ex.dialect)} FROM ${table(TIMELINE_ENTRY.name)} WHERE ${conditions.join(' AND ')} ORDER BY ${occurred} DESC, ${quote('entry_id')} DESC`,
      query.limit + 1,
    ),
    params,
  );
  const items = rows.slice(0, query.limit).map((row) => TIMELINE_ENTRY.fromRow(row).entry);
  const last = items[items.length - 1];
  return rows.length > query.limit && last ? { items, nextCursor: encodeTimelineCursor({ occurredAt: last.occurredAt, entryId: last.entryId }, signature) } : { items };
}
