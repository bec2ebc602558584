import { expect } from 'chai';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { HubError } from '../../hub/errors/catalog.js';
import { createMetricsHandler, observeRequests } from '../../hub/observability/http.js';
import { createMetrics, type HubMetrics } from '../../hub/observability/metrics.js';
import { parseExposition, sampleValue } from './exposition.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly correlationId?: string;
  readonly [field: string]: unknown;
}

describe('observability: HTTP requests', () => {
  let server: Server;
  let base: string;
  let metrics: HubMetrics;
  const lines: LogLine[] = [];

  before(async () => {
    metrics = createMetrics({ defaultMetrics: false });
    // pino writes each line to the destination as one JSON string.
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    const serveMetrics = createMetricsHandler(metrics);
    const listener = observeRequests(
      { logger, metrics, routes: ['/platform/accounts/:id', '/health/live', '/metrics', '/soap/:service'], quietRoutes: ['/health/live'] },
      async (req, res, context) => {
        const path = (req.url ?? '/').split('?')[0];
        if (serveMetrics(req, res)) return;
        if (path === '/boom') throw new Error('sync failure');
        if (path === '/hub-error') throw new HubError('NOT_FOUND', 'no such thing here');
        if (path === '/async-boom') {
          await Promise.resolve();
          throw new Error('async failure');
        }
        if (path === '/hang') return; // never answers: the client gives up
        if (path === '/soap/CacheControl') {
          const header = req.headers['x-test-soap-traceparent'];
          const adopted = context.adoptSoapTraceContext(typeof header === 'string' ? { traceparent: header } : undefined);
          res.setHeader('x-adopted', String(adopted));
        }
        if (path === '/custom') context.route = '/custom/:anything';
        context.log.info({ step: 'handler' }, 'handling');
        const body = JSON.stringify({ correlationId: context.correlationId, outgoing: context.traceparent });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      },
    );
    server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; traceparent: string; body: string; headers: Headers }> {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, traceparent: response.headers.get('traceparent') ?? '', body: await response.text(), headers: response.headers };
  }

  /** The request line of one correlation id, once it is written (after the response ends). */
  async function requestLines(correlationId: string, count = 1): Promise<LogLine[]> {
    for (let waited = 0; waited < 2000; waited += 5) {
      const found = lines.filter((line) => line.msg === 'request' && line.correlationId === correlationId);
      if (found.length >= count) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // a second line would show up now
        return lines.filter((line) => line.msg === 'request' && line.correlationId === correlationId);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return [];
  }

  function correlationOf(traceparent: string): string {
    const [, traceId, spanId] = TRACEPARENT.exec(traceparent) ?? [];
    expect(traceId, traceparent).to.be.a('string');
    return `${traceId}-${spanId}`;
  }

  it('continues a traceparent sent in: same trace id, a new parent id, returned on the response', async () => {
    const response = await get('/platform/accounts/AC00000001-01', { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    const [, traceId, spanId, flags] = TRACEPARENT.exec(response.traceparent) ?? [];
    expect(traceId).to.equal(TRACE_ID);
    expect(spanId).to.match(/^[0-9a-f]{16}$/).and.not.equal(PARENT_ID);
    expect(flags).to.equal('01');
    const body = JSON.parse(response.body) as { correlationId: string; outgoing: string };
    expect(body.correlationId).to.equal(`${TRACE_ID}-${spanId}`);
    expect(body.outgoing).to.equal(response.traceparent);
  });

  it('replaces an invalid traceparent, and starts one when there is none', async () => {
    const invalid = [`00-${'0'.repeat(32)}-${PARENT_ID}-01`, `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`, 'nonsense', `ff-${TRACE_ID}-${PARENT_ID}-01`];
    const seen = new Set<string>();
    for (const traceparent of [...invalid, undefined]) {
      const response = await get('/platform/accounts/AC00000001-01', traceparent === undefined ? {} : { traceparent });
      const [, traceId] = TRACEPARENT.exec(response.traceparent) ?? [];
      expect(traceId, String(traceparent)).to.match(/^[0-9a-f]{32}$/).and.not.equal(TRACE_ID).and.not.equal('0'.repeat(32));
      seen.add(traceId!);
    }
    expect(seen.size).to.equal(invalid.length + 1);
  });

  it('logs each request once as JSON with the correlation id, without the query string', async () => {
    const response = await get('/platform/accounts/AC00000042-01?access_token=secret-value&x=1');
    const correlationId = correlationOf(response.traceparent);
    const found = await requestLines(correlationId);
    expect(found).to.have.length(1);
    const line = found[0]!;
    expect(line).to.include({ level: 30, method: 'GET', path: '/platform/accounts/AC00000042-01', route: '/platform/accounts/:id', status: 200 });
    expect(line.durationMs).to.be.a('number').and.at.least(0).and.below(2000);
    expect(line).to.not.have.property('aborted');
    expect(JSON.stringify(lines)).to.not.contain('secret-value');
    // The handler's own lines carry the same correlation id.
    expect(lines.filter((l) => l.msg === 'handling' && l.correlationId === correlationId)).to.have.length(1);
  });

  it('logs concurrent requests once each, each under its own correlation id', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => get(`/platform/accounts/AC${i}`)));
    const ids = responses.map((response) => correlationOf(response.traceparent));
    expect(new Set(ids).size).to.equal(20);
    await requestLines(ids.at(-1)!);
    for (const [i, id] of ids.entries()) {
      const found = lines.filter((line) => line.msg === 'request' && line.correlationId === id);
      expect(found, id).to.have.length(1);
      expect(found[0]!.path).to.equal(`/platform/accounts/AC${i}`);
    }
  });

  it('logs quiet routes at debug level, and a route the handler names under that name', async () => {
    const health = await requestLines(correlationOf((await get('/health/live')).traceparent));
    expect(health[0]).to.include({ level: 20, route: '/health/live' });
    const custom = await requestLines(correlationOf((await get('/custom')).traceparent));
    expect(custom[0]).to.include({ level: 30, route: '/custom/:anything' });
    const unknown = await requestLines(correlationOf((await get('/wp-login.php')).traceparent));
    expect(unknown[0]).to.include({ route: 'unmatched', path: '/wp-login.php' });
  });

  it('answers 500 with a problem document when a handler fails, synchronously or not, and logs both', async () => {
    for (const path of ['/boom', '/async-boom']) {
      const response = await get(path);
      expect(response.status, path).to.equal(500);
      const correlationId = correlationOf(response.traceparent);
      expect(JSON.parse(response.body)).to.include({ code: 'INTERNAL_ERROR', correlationId });
      expect(response.body).to.not.contain('failure'); // nothing of the error's message
      const found = await requestLines(correlationId);
      expect(found, path).to.have.length(1);
      expect(found[0]).to.include({ level: 40, status: 500 });
      const error = lines.find((line) => line.msg === 'request handler failed' && line.correlationId === correlationId);
      expect(error, path).to.include({ level: 50 });
    }
  });

  it('answers a HubError that escapes a handler from the catalog', async () => {
    const response = await get('/hub-error');
    expect(response.status).to.equal(404);
    expect(JSON.parse(response.body)).to.include({ code: 'NOT_FOUND', detail: 'no such thing here', correlationId: correlationOf(response.traceparent) });
  });

  it('logs a request the client gave up on as aborted, with status 499', async () => {
    const req = request(`${base}/hang`);
    req.on('error', () => undefined); // the reset of our own destroy
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    let line: LogLine | undefined;
    for (let waited = 0; waited < 2000 && !line; waited += 10) {
      line = lines.find((l) => l.msg === 'request' && l.path === '/hang');
      if (!line) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(line).to.include({ status: 499, aborted: true, level: 30 });
  });

  it('continues the trace of a cmn:TraceContext SOAP header when the HTTP headers had none', async () => {
    const soapTraceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;
    const adopted = await get('/soap/CacheControl', { 'x-test-soap-traceparent': soapTraceparent });
    expect(adopted.headers.get('x-adopted')).to.equal('true');
    expect(adopted.traceparent.slice(3, 35)).to.equal(TRACE_ID);
    const found = await requestLines(correlationOf(adopted.traceparent));
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ route: '/soap/:service' });

    // A valid HTTP traceparent wins over the SOAP header.
    const other = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`;
    const kept = await get('/soap/CacheControl', { traceparent: other, 'x-test-soap-traceparent': soapTraceparent });
    expect(kept.headers.get('x-adopted')).to.equal('false');
    expect(kept.traceparent.slice(3, 35)).to.equal('a'.repeat(32));
  });

  it('accepts a handler that returns a value other than a promise, as a handler chain does', async () => {
    const handlers = [(_req: IncomingMessage, res: ServerResponse): boolean => (res.end('chained'), true)];
    // TypeScript lets a function returning boolean stand for one returning void.
    const chained: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => handlers.some((handle) => handle(req, res));
    const logged: LogLine[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as LogLine) });
    const listener = observeRequests({ logger, metrics: createMetrics({ defaultMetrics: false }) }, chained);
    const other = createServer(listener);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('chained');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.map((line) => line.msg)).to.deep.equal(['request']);
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  });

  it('records the metrics of every request and serves them at /metrics', async () => {
    await get('/platform/accounts/AC1');
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/platform/accounts/AC1`, { method: 'PROPFIND' }, (res) => res.resume().on('end', resolve));
      req.on('error', reject).end();
    });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the last line is recorded on 'close'
    const response = await fetch(`${base}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('traceparent')).to.match(TRACEPARENT);
    const body = await response.text();
    expect(body).to.contain('# TYPE dbp_http_request_duration_seconds histogram');
    const families = parseExposition(body);
    const accounts = { route: '/platform/accounts/:id', method: 'GET', status_class: '2xx' };
    const counted = sampleValue(families, 'dbp_http_requests_total', accounts)!;
    expect(counted).to.be.at.least(28);
    expect(sampleValue(families, 'dbp_http_request_duration_seconds_count', accounts)).to.equal(counted);
    expect(sampleValue(families, 'dbp_http_request_duration_seconds_bucket', { ...accounts, le: '+Inf' })).to.equal(counted);
    expect(sampleValue(families, 'dbp_http_requests_total', { route: '/platform/accounts/:id', method: 'OTHER' })).to.equal(1);
    expect(sampleValue(families, 'dbp_http_requests_total', { route: 'unmatched', method: 'GET', status_class: '5xx' })).to.equal(2);
    expect(sampleValue(families, 'dbp_http_requests_total', { route: 'unmatched', status_class: '4xx' })).to.equal(2); // the 404 and the 499
    for (const family of families.values()) {
      for (const sample of family.samples) expect(sample.labels.route ?? '', sample.name).to.not.match(/AC\d/);
    }

    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.headers.get('allow')).to.equal('GET, HEAD');
    expect(await post.json()).to.include({ code: 'METHOD_NOT_ALLOWED' });
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
  });
});
