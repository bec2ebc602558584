/**
 * Observability of every HTTP request: trace context in and out, a logger bound to the
 * correlation id, one structured log line and the metrics when the response ends.
 *
 * It sits in front of every request of a server that must answer thousands per second,
 * so it does as little as it can: no URL object, the request logger is created only when
 * a handler asks for it, and the log line is written through the root logger with the
 * correlation id as a field (no child logger per request).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { renderProblem, type RenderedError } from '../errors/render.js';
import type { HubMetrics } from './metrics.js';
import { createRouteMatcher, type RouteMatcher } from './routes.js';
import { correlationIdOf, readSoapTraceContext, startTrace, traceparentOf, type TraceContext } from './trace.js';

/** What a handler gets for its request, instead of fields patched onto `req`. */
export interface RequestContext {
  readonly trace: TraceContext;
  /** `<trace id>-<span id>`: quote it in faults and problem documents. */
  readonly correlationId: string;
  /** A logger whose lines carry the correlation id. */
  readonly log: Logger;
  /** The route pattern, when the handler knows it better than the path patterns (it wins). */
  route: string | undefined;
  /** The traceparent to send on calls this request makes (this hop is their parent). */
  readonly traceparent: string;
  /**
   * Continues the trace of a cmn:TraceContext SOAP header when the HTTP headers started a
   * new trace (clients that set only the SOAP header). Returns whether it was taken; it is
   * not when the HTTP traceparent was valid or the response has started.
   */
  adoptSoapTraceContext(header: { readonly traceparent?: string; readonly tracestate?: string } | undefined): boolean;
}

export type ObservedHandler = (req: IncomingMessage, res: ServerResponse, context: RequestContext) => void | Promise<void>;

export interface HttpObservabilityOptions {
  readonly logger: Logger;
  readonly metrics: HubMetrics;
  /** Route patterns for labels ('/platform/accounts/:id', '/docs/*'); other paths are 'unmatched'. */
  readonly routes?: readonly string[];
  /** Or a matcher of one's own (takes precedence over `routes`). */
  readonly routeOf?: RouteMatcher;
  /** Routes whose requests are logged at debug level unless they fail with 5xx (health probes, scrapes). */
  readonly quietRoutes?: readonly string[];
  /** Whether a trace started here is flagged sampled (default true). */
  readonly sampled?: boolean;
}

const MAX_LOGGED_PATH = 512;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** nginx's code for a client that went away before the response started. */
const CLIENT_CLOSED_REQUEST = 499;

/** Wraps a handler into a node:http request listener that observes every request. */
export function observeRequests(options: HttpObservabilityOptions, handler: ObservedHandler): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger, metrics } = options;
  const routeOf = options.routeOf ?? createRouteMatcher(options.routes ?? []);
  const quiet = new Set(options.quietRoutes ?? []);
  const traceOptions = { sampled: options.sampled !== false };

  return (req, res) => {
    const started = performance.now();
    const { traceparent, tracestate } = req.headers;
    // A repeated traceparent arrives joined with ', ' and fails to parse: the spec's answer too.
    const trace = startTrace(typeof traceparent === 'string' ? traceparent : undefined, headerValue(tracestate), traceOptions);
    const context = new HttpRequestContext(logger, res, trace);
    res.setHeader('traceparent', context.traceparent);

    // 'close' comes once per response, after 'finish' or when the client went away.
    res.on('close', () => {
      const durationMs = performance.now() - started;
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const path = query < 0 ? url : url.slice(0, query);
      const route = context.route ?? routeOf(path);
      const method = METHODS.has(req.method ?? '') ? (req.method as string) : 'OTHER';
      const aborted = !res.writableFinished;
      const status = aborted && !res.headersSent ? CLIENT_CLOSED_REQUEST : res.statusCode;
      metrics.httpRequest(route, method, status, durationMs / 1000);
      const fields = {
        correlationId: context.correlationId,
        method,
        path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
        route,
        status,
        durationMs: Math.round(durationMs * 100) / 100,
      };
      const line = aborted ? { ...fields, aborted } : fields;
      if (status >= 500) logger.warn(line, 'request');
      else if (quiet.has(route)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });

    try {
      // A handler typed as returning void may still return a value (a handler chain's
      // boolean): only a promise is awaited.
      const result: unknown = handler(req, res, context);
      if (result instanceof Promise) result.catch((error: unknown) => failed(context, res, error));
    } catch (error) {
      failed(context, res, error);
    }
  };
}

/** A handler that answers GET (and HEAD) `path` with the metrics; returns false for other paths. */
export function createMetricsHandler(metrics: HubMetrics, path = '/metrics'): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    if ((query < 0 ? url : url.slice(0, query)) !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, renderProblem(new HubError('METHOD_NOT_ALLOWED', `${path} answers GET and HEAD`)), { allow: 'GET, HEAD' });
      return true;
    }
    metrics.render().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        if (!res.headersSent) send(res, renderProblem(new HubError('INTERNAL_ERROR', 'the metrics could not be collected', { cause: error })));
      },
    );
    return true;
  };
}

class HttpRequestContext implements RequestContext {
  route: string | undefined = undefined;
  #trace!: TraceContext;
  #correlationId!: string;
  #traceparent!: string;
  #log: Logger | undefined = undefined;

  constructor(
    private readonly root: Logger,
    private readonly res: ServerResponse,
    trace: TraceContext,
  ) {
    this.#use(trace);
  }

  get trace(): TraceContext {
    return this.#trace;
  }

  get correlationId(): string {
    return this.#correlationId;
  }

  get traceparent(): string {
    return this.#traceparent;
  }

  get log(): Logger {
    return (this.#log ??= this.root.child({ correlationId: this.correlationId }));
  }

  adoptSoapTraceContext(header: { readonly traceparent?: string; readonly tracestate?: string } | undefined): boolean {
    if (this.#trace.continued || this.res.headersSent) return false;
    const adopted = readSoapTraceContext(header);
    if (!adopted) return false;
    // Keep this hop's span id, so that lines already logged still share it with the rest.
    this.#use({ ...adopted, spanId: this.#trace.spanId });
    this.#log = undefined;
    this.res.setHeader('traceparent', this.#traceparent);
    return true;
  }

  #use(trace: TraceContext): void {
    this.#trace = trace;
    this.#correlationId = correlationIdOf(trace);
    this.#traceparent = traceparentOf(trace);
  }
}

/** Last resort for an error a handler let escape: a problem document if nothing was sent yet. */
function failed(context: RequestContext, res: ServerResponse, error: unknown): void {
  context.log.error({ err: error }, 'request handler failed');
  if (!res.headersSent) send(res, renderProblem(error, context.correlationId));
  else if (!res.writableEnded) res.destroy(); // a half-sent response cannot be repaired
}

function send(res: ServerResponse, rendered: RenderedError, headers: Record<string, string> = {}): void {
  res.writeHead(rendered.status, { ...headers, 'content-type': rendered.contentType, 'content-length': Buffer.byteLength(rendered.body) });
  res.end(rendered.body);
}

/** tracestate may arrive as several header lines; node joins them with ', ' (which the spec allows). */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
