/**
 * The order of the CRM's lists and their cursors. A cursor carries the sort key of the
 * last item returned, tagged with the list it belongs to (applications and messages are
 * listed newest first, so an offset would shift with every new one).
 */
import { compareText } from '../shared/compare.js';
import { keysetPage, type CursorFormat, type Page, type PageRequest } from '../shared/paging.js';

export type SortKey = readonly string[];

export interface KeysetOrder<T> {
  /** Names the list, so that a cursor of another list is refused. */
  readonly list: string;
  readonly keyOf: (item: T) => SortKey;
  readonly direction: 'ascending' | 'descending';
}

const REFUSED = 'the cursor was not issued for this list; start again without a cursor';

export function paginate<T>(items: readonly T[], order: KeysetOrder<T>, page: PageRequest): Page<T> {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const sorted = [...items].sort((a, b) => sign * compareKeys(order.keyOf(a), order.keyOf(b)));
  return keysetPage(sorted, page, {
    cursor: listCursor(order.list),
    positionOf: order.keyOf,
    isAfter: (item, after) => sign * compareKeys(order.keyOf(item), after) > 0,
  });
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const order = compareText(a[index] ?? '', b[index] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

function listCursor(list: string): CursorFormat<SortKey> {
  return {
    write: (after) => ({ list, after }),
    read: (value) => {
      if (typeof value !== 'object' || value === null) return undefined;
      const { list: issuedFor, after } = value as Record<string, unknown>;
      const isKey = Array.isArray(after) && after.length > 0 && after.every((part) => typeof part === 'string');
      return issuedFor === list && isKey ? (after as SortKey) : undefined;
    },
    messages: { malformed: REFUSED, foreign: REFUSED },
  };
}
