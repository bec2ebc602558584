/**
 * The timeline's read for the Platform API, ready to mount: the composition root hands it
 * to the Platform API, which authenticates the caller and wraps the answer in its
 * envelope ({ data, asOf, stale }). It reads the store directly: the timeline is written
 * by the flow, not by the change events the L1 cache is invalidated by, so it is not
 * cached. Bad query parameters are HubErrors (INVALID_REQUEST, INVALID_CURSOR,
 * INVALID_PERIOD) that the Platform API renders as problem documents.
 */
import { HubError } from '../../hub/errors/catalog.js';
import type { Store } from '../../hub/store/index.js';
import { MAX_TIMELINE_PAGE, timelinePage } from './page.js';
import { timelinePageView, type TimelinePageView } from './view.js';

export const TIMELINE_PATH = '/platform/v1/clients/me/timeline';

const DEFAULT_LIMIT = 50;
const LIMIT = /^[1-9][0-9]{0,5}$/;
const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const PARAMETERS = new Set(['cursor', 'limit', 'before', 'after']);

export interface TimelineAnswer {
  readonly body: TimelinePageView;
  /** The newest version among the entries shown; now when there is none. */
  readonly asOf: Date;
}

export interface TimelineEndpoint {
  /** The route, for the router and the metric labels. */
  readonly path: typeof TIMELINE_PATH;
  /** One page of the authenticated client's timeline, for the request's query parameters. */
  answer(clientId: string, query: URLSearchParams): Promise<TimelineAnswer>;
}

export function createTimelineEndpoint(options: { readonly store: Pick<Store, 'query'>; readonly now?: () => Date }): TimelineEndpoint {
  const now = options.now ?? (() => new Date());
  return {
    path: TIMELINE_PATH,
    async answer(clientId, query) {
      for (const name of query.keys()) {
        if (!PARAMETERS.has(name)) throw new HubError('INVALID_REQUEST', `unknown query parameter ${name}`, { field: name });
      }
      const single = (name: string): string | undefined => {
        const values = query.getAll(name);
        if (values.length > 1) throw new HubError('INVALID_REQUEST', `${name} may be given once`, { field: name });
        return values[0];
      };
      const instant = (name: string): Date | undefined => {
        const value = single(name);
        if (value === undefined) return undefined;
        const parsed = INSTANT.test(value) ? new Date(value) : undefined;
        if (!parsed || Number.isNaN(parsed.getTime())) throw new HubError('INVALID_REQUEST', `${name} must be a date-time with a UTC offset`, { field: name });
        return parsed;
      };
      const limit = single('limit');
      if (limit !== undefined && (!LIMIT.test(limit) || Number(limit) > MAX_TIMELINE_PAGE)) {
        throw new HubError('INVALID_REQUEST', `limit must be a whole number from 1 to ${MAX_TIMELINE_PAGE}`, { field: 'limit' });
      }
      const cursor = single('cursor');
      const before = instant('before');
      const after = instant('after');
      const page = await timelinePage(options.store, {
        clientId,
        limit: limit === undefined ? DEFAULT_LIMIT : Number(limit),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(before ? { before } : {}),
        ...(after ? { after } : {}),
      });
      const asOf = page.items.reduce<Date | undefined>((latest, entry) => (!latest || entry.updatedAt > latest ? entry.updatedAt : latest), undefined);
      return { body: timelinePageView(clientId, page), asOf: asOf ?? now() };
    },
  };
}
