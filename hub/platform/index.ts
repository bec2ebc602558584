/**
 * The Platform API read side: REST/JSON for the channels over the store (L2) with an L1
 * cache in front. Every answer says what instant its data is of (`asOf`) and whether it
 * may be stale (`stale`: always false here, the store is the source; read-through to the
 * back offices comes later, so a miss is NOT_FOUND). A client reads only their own
 * products: someone else's is NOT_FOUND as well, so that ids cannot be probed.
 *
 * `handler` answers every path under /platform/ (true) and nothing else (false);
 * `invalidate` is called after events were applied to the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { renderProblem } from '../errors/render.js';
import type { RequestContext } from '../observability/http.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';
import type { TransactionStatus } from '../store/types.js';
import { createAuthenticator, type PlatformAuthOptions } from './auth.js';
import { aggregateCacheKey, createPlatformCache, overviewKey, type CacheChange } from './cache.js';
import { PLATFORM_OPENAPI } from './openapi.js';
import { matchRoute, PLATFORM_PREFIX, PLATFORM_ROUTES, type RouteMatch } from './routes.js';
import { accountView, cardView, depositView, latest, loanView, overviewView, transactionView, type Json } from './views.js';

export { PLATFORM_ROUTES } from './routes.js';
export type { PlatformKey, PlatformAuthOptions } from './auth.js';

export type PlatformStore = Pick<Store, 'clientOverview' | 'account' | 'transactions' | 'card' | 'loan' | 'deposit'>;

export interface PlatformApiOptions {
  readonly store: PlatformStore;
  readonly metrics: Pick<HubMetrics, 'cacheHit' | 'cacheMiss'>;
  readonly logger: Logger;
  readonly auth: PlatformAuthOptions;
  /** Entries of the L1 cache; default 10,000. */
  readonly cacheSize?: number;
  readonly now?: () => Date;
}

export interface PlatformApi {
  handler(req: IncomingMessage, res: ServerResponse, context?: RequestContext): boolean;
  invalidate(change: CacheChange): void;
}

interface Answer {
  readonly body: Json;
  readonly asOf: Date;
}

const DEFAULT_LIMIT = 50;
const LIMIT = /^[1-9][0-9]{0,5}$/;
const STATUSES: readonly TransactionStatus[] = ['BOOKED', 'PENDING'];
const QUERY_FIELDS = new Set(['status', 'from', 'to', 'cursor', 'limit']);

export function createPlatformApi(options: PlatformApiOptions): PlatformApi {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'platform' });
  const authenticate = createAuthenticator(options.auth);
  const cache = createPlatformCache(options.cacheSize ?? 10_000, options.metrics);
  const openapi = JSON.stringify(PLATFORM_OPENAPI);

  const notFound = (what: string, id: string): HubError => new HubError('NOT_FOUND', `no ${what} ${id}`);

  /** One record of the caller's, from L1 or the store; someone else's is not found. */
  async function owned<T extends { readonly clientId: string; readonly asOf: Date }>(type: string, id: string, clientId: string, load: (id: string) => Promise<T | undefined>): Promise<T> {
    const record = await cache.read<T>(aggregateCacheKey(type, id), (value) => value.clientId, () => load(id));
    if (!record || record.clientId !== clientId) throw notFound(type.toLowerCase(), id);
    return record;
  }

  async function answer(match: RouteMatch, url: URL, clientId: string): Promise<Answer> {
    const id = match.id ?? '';
    switch (match.route) {
      case 'overview': {
        const overview = await cache.read(overviewKey(clientId), () => clientId, () => store.clientOverview(clientId));
        if (!overview) throw notFound('client', clientId);
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
        return { body: overviewView(clientId, overview), asOf: latest(instants, now()) };
      }
      case 'account': {
        const account = await owned('ACCOUNT', id, clientId, (key) => store.account(key));
        return { body: accountView(account), asOf: account.asOf };
      }
      case 'transactions': {
        const account = await owned('ACCOUNT', id, clientId, (key) => store.account(key));
        const page = await store.transactions({ accountId: id, ...transactionQuery(url) });
        return {
          body: { accountId: id, items: page.items.map(transactionView), nextCursor: page.nextCursor },
          asOf: latest([account.asOf, ...page.items.map((each) => each.asOf)], account.asOf),
        };
      }
      case 'card': {
        const card = await owned('CARD', id, clientId, (key) => store.card(key));
        return { body: cardView(card), asOf: card.asOf };
      }
      case 'loan': {
        const loan = await owned('LOAN', id, clientId, (key) => store.loan(key));
        return { body: loanView(loan), asOf: loan.asOf };
      }
      case 'deposit': {
        const deposit = await owned('DEPOSIT', id, clientId, (key) => store.deposit(key));
        return { body: depositView(deposit), asOf: deposit.asOf };
      }
      case 'openapi':
        throw new HubError('NOT_FOUND', 'the document is served without authentication');
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, context: RequestContext | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://platform.invalid');
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
    const { body, asOf } = await answer(match, url, principal.clientId);
    const document = JSON.stringify({ data: body, asOf: asOf.toISOString(), stale: false });
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

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: string, headers: Readonly<Record<string, string>>): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(body));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(req.method === 'HEAD' ? undefined : body);
}
