/**
 * The bus's admin REST API for operators:
 *
 *   GET    /admin/dlq[?flow=&after=&limit=]     dead letters, newest first, paged
 *   GET    /admin/dlq/{flow}[?after=&limit=]    dead letters of one flow
 *   GET    /admin/dlq/{flow}/{id}               one dead letter, with its body
 *   POST   /admin/dlq/{flow}/{id}/replay        back to the flow's queue, attempt 1
 *   DELETE /admin/dlq/{flow}/{id}               discard
 *   GET    /admin/events/{eventId}              the journey of one event
 *
 * Access: with a token configured, `Authorization: Bearer <token>`; without one, only
 * clients on the loopback interface (an operator on the host, a sidecar). Errors are
 * problem documents from the error catalog.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { renderProblem } from '../errors/render.js';
import type { RequestContext } from '../observability/http.js';
import type { Store } from '../store/index.js';
import type { DeadLetters } from './dead-letters.js';
import { eventJourney } from './journey.js';
import type { Bus, DeadLetter } from './types.js';

export const BUS_ADMIN_ROUTES = {
  deadLetters: '/admin/dlq',
  flowDeadLetters: '/admin/dlq/:flow',
  deadLetter: '/admin/dlq/:flow/:id',
  replay: '/admin/dlq/:flow/:id/replay',
  journey: '/admin/events/:id',
} as const;

export interface BusAdminOptions {
  readonly deadLetters: DeadLetters;
  readonly store: Pick<Store, 'query'>;
  readonly bus: Pick<Bus, 'flows'>;
  /** Bearer token of the admin API; absent: loopback clients only. */
  readonly token?: string;
  readonly logger?: Logger;
}

export interface BusAdmin {
  /** Answers paths under /admin/dlq and /admin/events/ (true), nothing else (false). */
  handler(req: IncomingMessage, res: ServerResponse, context?: RequestContext): boolean;
}

/** A dead letter as the API shows it: the body parsed when it is JSON. */
export function deadLetterView(letter: DeadLetter): Record<string, unknown> {
  let body: unknown = letter.body;
  try {
    body = JSON.parse(letter.body);
  } catch {
    // shown as the text it is
  }
  return {
    flow: letter.flow,
    messageId: letter.messageId,
    routingKey: letter.routingKey,
    code: letter.code,
    reason: letter.reason,
    attempts: letter.attempts,
    firstFailedAt: letter.firstFailedAt.toISOString(),
    deadAt: letter.deadAt.toISOString(),
    ...(letter.orderingKey ? { orderingKey: letter.orderingKey } : {}),
    ...(letter.traceparent ? { traceparent: letter.traceparent } : {}),
    body,
  };
}

const LIMIT = /^[1-9][0-9]{0,2}$/;

export function createBusAdmin(options: BusAdminOptions): BusAdmin {
  const { deadLetters } = options;
  const log = options.logger?.child({ component: 'bus-admin' });
  const token = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;

  function authorise(req: IncomingMessage): void {
    if (token) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== token.length || !timingSafeEqual(given, token)) throw new HubError('UNAUTHORIZED', 'the admin API needs its bearer token');
      return;
    }
    const address = req.socket.remoteAddress ?? '';
    if (!(address === '127.0.0.1' || address === '::1' || address.startsWith('::ffff:127.'))) {
      throw new HubError('FORBIDDEN', 'without an admin token, the admin API answers loopback clients only');
    }
  }

  function paging(url: URL): { after?: string; limit?: number } {
    for (const name of url.searchParams.keys()) if (!['flow', 'after', 'limit'].includes(name)) throw new HubError('INVALID_REQUEST', `unknown query parameter ${name}`, { field: name });
    const limit = url.searchParams.get('limit');
    if (limit !== null && !LIMIT.test(limit)) throw new HubError('INVALID_REQUEST', 'limit must be a whole number from 1 to 500', { field: 'limit' });
    const after = url.searchParams.get('after');
    return { ...(after !== null ? { after } : {}), ...(limit !== null ? { limit: Number(limit) } : {}) };
  }

  function allow(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): void {
    if (!methods.includes(req.method ?? '')) {
      res.setHeader('allow', methods.join(', '));
      throw new HubError('METHOD_NOT_ALLOWED', `${req.method ?? ''} is not allowed here; use ${methods.join(' or ')}`);
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, context: RequestContext | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    let segments: string[];
    try {
      segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw new HubError('INVALID_REQUEST', 'the path has a malformed percent-escape');
    }
    authorise(req);
    const route = (pattern: string): void => {
      if (context) context.route = pattern;
    };
    const [, area, flow, id, action, ...rest] = segments;
    if (rest.length > 0 || segments.some((segment) => segment === '')) throw new HubError('NOT_FOUND', `no resource at ${url.pathname}`);
    if (area === 'events' && flow !== undefined && id === undefined) {
      route(BUS_ADMIN_ROUTES.journey);
      allow(req, res, ['GET']);
      return send(res, 200, await eventJourney(options.store, options.bus.flows, flow));
    }
    if (area !== 'dlq') throw new HubError('NOT_FOUND', `no resource at ${url.pathname}`);
    if (flow === undefined) {
      route(BUS_ADMIN_ROUTES.deadLetters);
      allow(req, res, ['GET']);
      const named = url.searchParams.get('flow');
      const page = await deadLetters.list({ ...paging(url), ...(named !== null ? { flow: named } : {}) });
      return send(res, 200, { items: page.items.map(deadLetterView), ...(page.next ? { next: page.next } : {}) });
    }
    if (id === undefined) {
      route(BUS_ADMIN_ROUTES.flowDeadLetters);
      allow(req, res, ['GET']);
      if (url.searchParams.has('flow')) throw new HubError('INVALID_REQUEST', 'the flow is in the path', { field: 'flow' });
      const page = await deadLetters.list({ ...paging(url), flow });
      return send(res, 200, { items: page.items.map(deadLetterView), ...(page.next ? { next: page.next } : {}) });
    }
    if (action === undefined) {
      route(BUS_ADMIN_ROUTES.deadLetter);
      allow(req, res, ['GET', 'DELETE']);
      if (req.method === 'DELETE') {
        const letter = await deadLetters.discard(flow, id);
        log?.info({ flow, messageId: id, operator: true }, 'dead letter discarded');
        return send(res, 200, { discarded: deadLetterView(letter) });
      }
      return send(res, 200, deadLetterView(await deadLetters.get(flow, id)));
    }
    if (action === 'replay') {
      route(BUS_ADMIN_ROUTES.replay);
      allow(req, res, ['POST']);
      const letter = await deadLetters.replay(flow, id);
      log?.info({ flow, messageId: id, operator: true }, 'dead letter replayed');
      return send(res, 202, { replayed: deadLetterView(letter) });
    }
    throw new HubError('NOT_FOUND', `no resource at ${url.pathname}`);
  }

  return {
    handler(req, res, context) {
      const path = req.url ?? '/';
      if (!(path === '/admin/dlq' || path.startsWith('/admin/dlq/') || path.startsWith('/admin/dlq?') || path.startsWith('/admin/events/'))) return false;
      // Nothing is read from a request body: drain it so the connection stays usable.
      req.resume();
      serve(req, res, context).catch((error: unknown) => {
        if (!(error instanceof HubError)) (context?.log ?? log)?.error({ err: error }, 'admin request failed');
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof HubError && error.code === 'UNAUTHORIZED') res.setHeader('www-authenticate', 'Bearer');
        const problem = renderProblem(error, context?.correlationId);
        res.statusCode = problem.status;
        res.setHeader('content-type', problem.contentType);
        res.setHeader('content-length', Buffer.byteLength(problem.body));
        res.end(problem.body);
      });
      return true;
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
