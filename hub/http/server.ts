/**
 * The hub's HTTP server. The composition root hands it the handlers (SOAP ingress,
 * contracts, docs, later the Platform API) and the readiness checks; the server adds
 * health, /metrics, per-request observability and the 503 while stopping.
 * Lifecycle: start() listens; stop() answers 503 to new requests, lets in-flight ones
 * finish, then closes; a stop is forced after the configured timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { renderProblem } from '../errors/render.js';
import { createMetricsHandler, observeRequests, type RequestContext } from '../observability/http.js';
import type { HubMetrics } from '../observability/metrics.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, context: RequestContext) => boolean;

/** A dependency that must be up for the hub to be ready (store, bus, back offices). */
export interface ReadinessCheck {
  readonly name: string;
  /** degraded: the hub still serves (from its store), so it stays ready, but operators should look. */
  check(): Promise<{ readonly status: 'up' | 'degraded' | 'down'; readonly detail?: string }>;
}

export interface HubHttpOptions {
  readonly host: string;
  readonly port: number;
  readonly shutdownTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics: HubMetrics;
  readonly handlers: readonly Handler[];
  readonly readiness?: readonly ReadinessCheck[];
  /** Route patterns for metric labels. */
  readonly routes?: readonly string[];
}

export interface HubHttp {
  start(): Promise<AddressInfo>;
  stop(): Promise<void>;
  health(): { status: 'up' | 'stopping' | 'down' };
  readonly url: string | undefined;
}

const QUIET_ROUTES = ['/health/live', '/health/ready', '/metrics'];

export function createHubHttp(options: HubHttpOptions): HubHttp {
  const { logger } = options;
  let stopping = false;
  let url: string | undefined;
  const metricsHandler = createMetricsHandler(options.metrics);
  const handlers: Handler[] = [health(options.readiness ?? []), (req, res) => metricsHandler(req, res), ...options.handlers];

  const listener = observeRequests(
    { logger, metrics: options.metrics, routes: [...QUIET_ROUTES, ...(options.routes ?? [])], quietRoutes: QUIET_ROUTES },
    (req, res, context) => {
      if (stopping) {
        res.setHeader('connection', 'close');
        send(res, renderProblem(new HubError('STOPPING', 'the hub is shutting down; retry on another instance'), context.correlationId), { 'retry-after': '5' });
        return;
      }
      if (!handlers.some((handle) => handle(req, res, context))) {
        const path = (req.url ?? '/').split('?')[0];
        send(res, renderProblem(new HubError('NOT_FOUND', `no resource at ${req.method} ${path}`), context.correlationId));
      }
    },
  );
  const server: Server = createServer(listener);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  let stopped: Promise<void> | undefined;
  return {
    get url() {
      return url;
    },
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${host}:${address.port}`;
          logger.info({ url }, 'http server listening');
          resolve(address);
        });
      }),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        if (!server.listening) return resolve();
        const force = setTimeout(() => {
          logger.warn({ timeoutMs: options.shutdownTimeoutMs }, 'forcing the stop: closing open connections');
          server.closeAllConnections();
        }, options.shutdownTimeoutMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return stopped;
    },
    health: () => ({ status: stopping ? 'stopping' : server.listening ? 'up' : 'down' }),
  };
}

function send(res: ServerResponse, rendered: { status: number; contentType: string; body: string }, headers: Record<string, string> = {}): void {
  res.writeHead(rendered.status, { 'content-type': rendered.contentType, 'content-length': Buffer.byteLength(rendered.body), ...headers });
  res.end(rendered.body);
}

/** Liveness answers while the process runs; readiness asks every dependency. */
function health(checks: readonly ReadinessCheck[]): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health/live') {
      reply(res, 200, { status: 'up' });
      return true;
    }
    if (path !== '/health/ready') return false;
    Promise.all(
      checks.map(async (item) => {
        try {
          return { name: item.name, ...(await item.check()) };
        } catch (error) {
          return { name: item.name, status: 'down' as const, detail: (error as Error).message };
        }
      }),
    ).then((components) => {
      const ready = components.every((component) => component.status !== 'down');
      const degraded = components.some((component) => component.status === 'degraded');
      reply(res, ready ? 200 : 503, { status: ready ? (degraded ? 'degraded' : 'up') : 'down', components });
    });
    return true;
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
