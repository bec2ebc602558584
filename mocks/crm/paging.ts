/**
 * Keyset paging for the CRM's lists. A cursor carries the sort key of the last item
 * returned, not an offset, so that paging neither skips nor repeats an item while new
 * items arrive (applications and messages are listed newest first, so an offset would
 * shift with every new one). Cursors are base64url JSON tagged with the list they belong
 * to; anything else is refused with INVALID_CURSOR.
 */
import { ContractFault } from '../server/types.js';
import type { Page, PageRequest } from './model.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export type SortKey = readonly string[];

export interface KeysetOrder<T> {
  /** Names the list, so that a cursor of another list is refused. */
  readonly list: string;
  readonly keyOf: (item: T) => SortKey;
  readonly direction: 'ascending' | 'descending';
}

interface CursorBody {
  readonly list: string;
  readonly after: SortKey;
}

export function paginate<T>(items: readonly T[], order: KeysetOrder<T>, page: PageRequest): Page<T> {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const sorted = [...items].sort((a, b) => sign * compareKeys(order.keyOf(a), order.keyOf(b)));
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, order.list);
  const remaining = after === undefined ? sorted : sorted.filter((item) => sign * compareKeys(order.keyOf(item), after) > 0);
  const pageItems = remaining.slice(0, page.limit);
  const last = pageItems[pageItems.length - 1];
  if (remaining.length <= page.limit || last === undefined) return { items: pageItems };
  return { items: pageItems, nextCursor: encodeCursor({ list: order.list, after: order.keyOf(last) }) };
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index] ?? '';
    const right = b[index] ?? '';
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, list: string): SortKey {
  const invalid = (): ContractFault => new ContractFault('INVALID_CURSOR', 'the cursor was not issued for this list; start again without a cursor', { field: 'page/cursor' });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isCursorBody(body) || body.list !== list) throw invalid();
  return body.after;
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { list, after } = value as Record<string, unknown>;
  return typeof list === 'string' && Array.isArray(after) && after.length > 0 && after.every((part) => typeof part === 'string');
}
