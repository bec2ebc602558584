/**
 * The hub's HTTP server: contracts, reference docs and health. Later parts (SOAP
 * ingress, Platform API, metrics) register their handlers in the same chain.
 * Lifecycle: start() listens; stop() answers 503 to new requests, lets in-flight ones
 * finish, then closes; a stop is forced after the configured timeout.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { findContract } from '../../common/contracts/catalog.js';
import { createContractHandler } from '../../common/contracts/http.js';
import type { HubConfig } from '../config.js';
import { createDocsHandler } from '../docs/http.js';
import { sendProblem } from '../../common/http/problem.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface HubHttp {
  start(): Promise<AddressInfo>;
  stop(): Promise<void>;
  health(): { status: 'up' | 'stopping' | 'down' };
  readonly url: string | undefined;
}

export function createHubHttp(config: HubConfig, logger: Logger): HubHttp {
  const cacheControl = findContract('cache-control');
  if (!cacheControl) throw new Error('the cache-control contract is missing from the catalog');
  let stopping = false;
  let url: string | undefined;
  const handlers: Handler[] = [
    health,
    createContractHandler({ contracts: [cacheControl], publicUrl: config.publicUrl }),
    createDocsHandler('/docs'),
  ];

  const server: Server = createServer((req, res) => {
    if (stopping) {
      res.setHeader('connection', 'close');
      sendProblem(res, { status: 503, code: 'SERVICE_UNAVAILABLE', title: 'The hub is shutting down' }, { 'retry-after': '5' });
      return;
    }
    try {
      if (!handlers.some((handle) => handle(req, res))) {
        sendProblem(res, { status: 404, code: 'NOT_FOUND', title: 'No such resource', detail: `${req.method} ${new URL(req.url ?? '/', 'http://h').pathname}` });
      }
    } catch (error) {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendProblem(res, { status: 500, code: 'INTERNAL_ERROR', title: 'Internal error' });
      else res.destroy();
    }
  });
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
        server.listen(config.httpPort, config.httpHost, () => {
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
          logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'forcing the stop: closing open connections');
          server.closeAllConnections();
        }, config.shutdownTimeoutMs);
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

/** Liveness and readiness. While stopping, the server answers 503 before any handler runs. */
const health: Handler = (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://placeholder');
  if (pathname !== '/health/live' && pathname !== '/health/ready') return false;
  const body = JSON.stringify({ status: 'up' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
};
