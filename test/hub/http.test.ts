import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../hub/config.js';
import { createHub, type Hub } from '../../hub/app.js';

describe('hub HTTP server', () => {
  let http: Hub;
  let base: string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-hub-http-'));
  const config = () => loadConfig({}, { httpPort: '0', dataDir });

  before(async () => {
    http = createHub({ config: config(), logger: pino({ level: 'silent' }), processMetrics: false });
    await http.start();
    base = http.url!;
  });
  after(async () => {
    await http.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers liveness and readiness, and continues the caller\'s trace', async () => {
    const live = await fetch(`${base}/health/live`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(live.status).to.equal(200);
    expect(await live.json()).to.deep.equal({ status: 'up' });
    expect(live.headers.get('traceparent')).to.match(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.include({ status: 'up' });
  });

  it('exposes Prometheus metrics of the requests it served', async () => {
    await fetch(`${base}/health/live`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).to.contain('# TYPE dbp_http_request_duration_seconds histogram');
    expect(text).to.match(/dbp_http_requests_total\{route="\/health\/live",method="GET",status_class="2xx"\} \d+/);
  });

  it('serves the CacheControl WSDL with its own endpoint as soap:address', async () => {
    const wsdl = await (await fetch(`${base}/soap/CacheControl?wsdl`)).text();
    expect(wsdl).to.contain(`location="${base}/soap/CacheControl"`);
  });

  it('serves the HTML reference at /docs', async () => {
    const redirect = await fetch(`${base}/docs`, { redirect: 'manual' });
    expect(redirect.status).to.equal(301);
    const index = await fetch(`${base}/docs/`);
    expect(index.status).to.equal(200);
    expect(index.headers.get('content-type')).to.contain('text/html');
    expect(await index.text()).to.contain('SOAP contracts');
    const page = await fetch(`${base}/docs/core-banking.html`);
    expect(page.status).to.equal(200);
    expect((await fetch(`${base}/docs/contracts/common/v1/common.xsd`)).status).to.equal(200);
  });

  it('answers unknown paths with an RFC 9457 problem document', async () => {
    const response = await fetch(`${base}/nothing-here`);
    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.equal('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).to.include({ status: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(problem)).to.not.match(/at .+\.ts:\d+/);
  });

  it('stops gracefully, and a second stop is harmless', async () => {
    const other = createHub({ config: config(), logger: pino({ level: 'silent' }), processMetrics: false });
    await other.start();
    const url = other.url!;
    expect((await fetch(`${url}/health/live`)).status).to.equal(200);
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    let refused = false;
    try {
      await fetch(`${url}/health/live`);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });
});
