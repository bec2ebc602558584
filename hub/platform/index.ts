/**
 * The Platform API read side: REST/JSON for the channels over the read-through (store,
 * then the back office on a miss) with an L1 cache in front. Every answer says what
 * instant its data is of (`asOf`) and whether it may be stale (`stale`: the back office
 * could not be asked and the hub served its last copy). Stale answers are not cached, so
 * the next request asks again. A client reads only their own products: someone else's is
 * NOT_FOUND as well, so that ids cannot be probed.
 *
 * `handler` answers every path under /platform/ (true) and nothing else (false);
 * `invalidate` is called after changes were applied to the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { renderProblem } from '../errors/render.js';
import type { RequestContext } from '../observability/http.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { ReadThrough, Served } from '../read-through/read-through.js';
import type { LoadContext } from '../read-through/loader.js';
import type { TransactionPage, TransactionQuery, TransactionStatus } from '../store/types.js';
import { createAuthenticator, type PlatformAuthOptions } from './auth.js';
import { aggregateCacheKey, createPlatformCache, overviewKey, type CacheChange } from './cache.js';
import { PLATFORM_OPENAPI } from './openapi.js';
import { createWriteRoutes, type ClientDocument, type MountedCommand } from './writes.js';
import { matchRoute, PLATFORM_PREFIX, PLATFORM_ROUTES, type RouteMatch } from './routes.js';
import { accountView, cardView, depositView, latest, loanView, overviewView, transactionView, type Json } from './views.js';

export { PLATFORM_ROUTES } from './routes.js';
export type { PlatformKey, PlatformAuthOptions } from './auth.js';
export type { CommandAnswer, CommandRequest, PlatformCommand, ResourceAnswer } from './commands.js';
export type { ClientDocument, MountedCommand } from './writes.js';

/** Where an account's statement is read: the store, or the back office in pass-through mode. */
export interface PlatformStore {
  transactions(query: TransactionQuery, context?: LoadContext): Promise<TransactionPage>;
}
export type PlatformReader = Pick<ReadThrough, 'overview' | 'account' | 'card' | 'loan' | 'deposit'>;

/** A read the Platform API authenticates and wraps but does not own (the timeline, kept by its flow). */
export interface PlatformExtension {
  answer(clientId: string, query: URLSearchParams): Promise<{ readonly body: unknown; readonly asOf: Date }>;
}

/** Parts of the OpenAPI document that extensions add. */
export interface OpenApiFragment {
  readonly paths: Readonly<Record<string, unknown>>;
  readonly schemas: Readonly<Record<string, unknown>>;
}

export interface PlatformApiOptions {
  readonly store: PlatformStore;
  readonly reader: PlatformReader;
  /** The client's timeline; without it the route answers NOT_FOUND. */
  readonly timeline?: { readonly endpoint: PlatformExtension; readonly openapi: OpenApiFragment };
  /** Command resources of the flows (payments, applications, standing orders). */
  readonly commands?: readonly (MountedCommand & { readonly openapi?: OpenApiFragment })[];
  /** Documents of the client's own (notification preferences). */
  readonly documents?: readonly (ClientDocument & { readonly openapi?: OpenApiFragment })[];
  readonly metrics: Pick<HubMetrics, 'cacheHit' | 'cacheMiss'>;
  readonly logger: Logger;
  readonly auth: PlatformAuthOptions;
  /** Entries of the L1 cache; default 10,000. */
  readonly cacheSize?: number;
  /** false: nothing is kept in L1 (pass-through mode); default true. */
  readonly cacheReads?: boolean;
  readonly now?: () => Date;
}

export interface PlatformApi {
  handler(req: IncomingMessage, res: ServerResponse, context?: RequestContext): boolean;
  invalidate(change: CacheChange): void;
  /** Drops the whole L1 cache (this instance may have missed invalidations while disconnected). */
  invalidateAll(): void;
  /** The route patterns of the mounted commands and documents, for metric labels. */
  readonly routes: readonly string[];
}

interface Answer {
  readonly body: Json;
  readonly asOf: Date;
  readonly stale: boolean;
}

const DEFAULT_LIMIT = 50;
const LIMIT = /^[1-9][0-9]{0,5}$/;
const STATUSES: readonly TransactionStatus[] = ['BOOKED', 'PENDING'];
const QUERY_FIELDS = new Set(['status', 'from', 'to', 'cursor', 'limit']);

export function createPlatformApi(options: PlatformApiOptions): PlatformApi {
  const { store, reader } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'platform' });
  const authenticate = createAuthenticator(options.auth);
  const cache = createPlatformCache(options.cacheSize ?? 10_000, options.metrics);
  const writes = createWriteRoutes(options.commands ?? [], options.documents ?? []);
  const fragments = [options.timeline?.openapi, ...(options.commands ?? []).map((each) => each.openapi), ...(options.documents ?? []).map((each) => each.openapi)];
  const openapi = JSON.stringify(withFragments(PLATFORM_OPENAPI, fragments.filter((each): each is OpenApiFragment => each !== undefined)));

  const notFound = (what: string, id: string): HubError => new HubError('NOT_FOUND', `no ${what} ${id}`);

  const cacheReads = options.cacheReads ?? true;
  const fresh = (served: Served<object>): boolean => cacheReads && !served.stale;

  /** One record of the caller's, from L1 or the read-through; someone else's is not found. */
  async function owned<T extends { readonly clientId: string; readonly asOf: Date }>(
    type: string,
    id: string,
    clientId: string,
    load: (id: string) => Promise<Served<T> | undefined>,
  ): Promise<Served<T>> {
    const served = await cache.read<Served<T>>(aggregateCacheKey(type, id), (value) => value.record.clientId, () => load(id), fresh);
    if (!served || served.record.clientId !== clientId) throw notFound(type.toLowerCase(), id);
    return served;
  }

  async function answer(match: RouteMatch, url: URL, clientId: string, traceparent: string | undefined): Promise<Answer> {
    const id = match.id ?? '';
    const context = { clientId, ...(traceparent ? { traceparent } : {}) };
    switch (match.route) {
      case 'overview': {
        const served = await cache.read(overviewKey(clientId), () => clientId, () => reader.overview(clientId, context), fresh);
        if (!served) throw notFound('client', clientId);
        const overview = served.record;
        const products = [...overview.accounts, ...overview.cards, ...overview.loans, ...overview.deposits];
        if (!overview.client && products.length === 0) throw notFound('client', clientId);
        cache.own(
          [
            ...overview.accounts.map((each) => aggregateCacheKey('ACCOUNT', each.accountId)),
            ...overview.cards.map((each) => aggregateCacheKey('CARD', each.cardId)),
            ...overview.loans.map((each) => aggregateCacheKey('LOAN', each.loanId)),
            ...overview.deposits.map((each) => aggregateCacheKey('DEPOSIT', each.depositId)),
          ],
          clientId,
        );
        const instants = [...(overview.client ? [overview.client.asOf] : []), ...products.map((each) => each.asOf)];
        return { body: overviewView(clientId, overview), asOf: latest(instants, now()), stale: served.stale };
      }
      case 'account': {
        const { record: account, stale } = await owned('ACCOUNT', id, clientId, (key) => reader.account(key, context));
        return { body: accountView(account), asOf: account.asOf, stale };
      }
      case 'transactions': {
        const { record: account, stale } = await owned('ACCOUNT', id, clientId, (key) => reader.account(key, context));
        const page = await store.transactions({ accountId: id, ...transactionQuery(url) }, context);
        return {
          body: { accountId: id, items: page.items.map(transactionView), nextCursor: page.nextCursor },
          asOf: latest([account.asOf, ...page.items.map((each) => each.asOf)], account.asOf),
          stale,
        };
      }
      case 'card': {
        const { record: card, stale } = await owned('CARD', id, clientId, (key) => reader.card(key, context));
        return { body: cardView(card), asOf: card.asOf, stale };
      }
      case 'loan': {
        const { record: loan, stale } = await owned('LOAN', id, clientId, (key) => reader.loan(key, context));
        return { body: loanView(loan), asOf: loan.asOf, stale };
      }
      case 'deposit': {
        const { record: deposit, stale } = await owned('DEPOSIT', id, clientId, (key) => reader.deposit(key, context));
        return { body: depositView(deposit), asOf: deposit.asOf, stale };
      }
      case 'timeline': {
        if (!options.timeline) throw new HubError('NOT_FOUND', 'the timeline is not kept by this hub');
        const page = await options.timeline.endpoint.answer(clientId, url.searchParams);
        return { body: page.body as Json, asOf: page.asOf, stale: false };
      }
      case 'openapi':
        throw new HubError('NOT_FOUND', 'the document is served without authentication');
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, context: RequestContext | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
    const write = writes.match(url.pathname);
    if (write) {
      if (context) context.route = write.route;
      const principal = await authenticate(req.headers.authorization, now());
      const result = await write.run(req, url, principal.clientId, context?.traceparent);
      const noStore = { 'cache-control': 'private, no-store' };
      if (result.kind === 'created') {
        const { status, body, location } = result.answer;
        send(res, req, status, 'application/json; charset=utf-8', JSON.stringify({ data: body }), { ...noStore, location });
      } else if (result.kind === 'resource') {
        send(res, req, 200, 'application/json; charset=utf-8', JSON.stringify({ data: result.answer.body, asOf: result.answer.asOf.toISOString(), stale: false }), noStore);
      } else {
        send(res, req, 200, 'application/json; charset=utf-8', JSON.stringify({ data: result.body }), noStore);
      }
      return;
    }
    let match: RouteMatch | undefined;
    try {
      match = matchRoute(url.pathname);
    } catch {
      throw new HubError('INVALID_REQUEST', 'the path has a malformed percent-escape');
    }
    if (!match) throw new HubError('NOT_FOUND', `no resource at ${url.pathname}`);
    if (context) context.route = PLATFORM_ROUTES[match.route];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      throw new HubError('METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use GET`);
    }
    if (match.route === 'openapi') {
      send(res, req, 200, 'application/json; charset=utf-8', openapi, { 'cache-control': 'public, max-age=300' });
      return;
    }
    const principal = await authenticate(req.headers.authorization, now());
    const { body, asOf, stale } = await answer(match, url, principal.clientId, context?.traceparent);
    const document = JSON.stringify({ data: body, asOf: asOf.toISOString(), stale });
    send(res, req, 200, 'application/json; charset=utf-8', document, { 'cache-control': 'private, no-store' });
  }

  return {
    handler(req, res, context) {
      const path = req.url ?? '/';
      if (!path.startsWith(PLATFORM_PREFIX)) return false;
      serve(req, res, context).catch((error: unknown) => {
        if (!(error instanceof HubError)) (context?.log ?? log).error({ err: error }, 'platform request failed');
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HubError && error.code === 'UNAUTHORIZED') res.setHeader('www-authenticate', 'Bearer');
        const problem = renderProblem(error, context?.correlationId);
        send(res, req, problem.status, problem.contentType, problem.body, {});
      });
      return true;
    },
    invalidate: (change) => cache.invalidate(change),
    invalidateAll: () => cache.clear(),
    routes: writes.routes,
  };
}

function transactionQuery(url: URL): { status?: TransactionStatus; from?: string; to?: string; cursor?: string; limit: number } {
  for (const name of url.searchParams.keys()) {
    if (!QUERY_FIELDS.has(name)) throw new HubError('INVALID_REQUEST', `unknown query parameter ${name}`, { field: name });
  }
  const single = (name: string): string | undefined => {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) throw new HubError('INVALID_REQUEST', `${name} may be given once`, { field: name });
    return values[0];
  };
  const status = single('status');
  if (status !== undefined && !STATUSES.includes(status as TransactionStatus)) {
    throw new HubError('INVALID_REQUEST', 'status must be BOOKED or PENDING', { field: 'status' });
  }
  const limit = single('limit');
  if (limit !== undefined && !LIMIT.test(limit)) throw new HubError('INVALID_REQUEST', 'limit must be a whole number from 1 to 1000', { field: 'limit' });
  const from = single('from');
  const to = single('to');
  const cursor = single('cursor');
  return {
    limit: limit === undefined ? DEFAULT_LIMIT : Number(limit),
    ...(status !== undefined ? { status: status as TransactionStatus } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

function withFragments(document: typeof PLATFORM_OPENAPI, fragments: readonly OpenApiFragment[]): object {
  return {
    ...document,
    paths: Object.assign({}, document.paths, ...fragments.map((each) => each.paths)),
    components: { ...document.components, schemas: Object.assign({}, document.components.schemas, ...fragments.map((each) => each.schemas)) },
  };
}

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: string, headers: Readonly<Record<string, string>>): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(body));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(req.method === 'HEAD' ? undefined : body);
}
