import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../hub/config.js';
import { createHubHttp, type HubHttp } from '../../hub/http/server.js';

describe('hub HTTP server', () => {
  let http: HubHttp;
  let base: string;

  before(async () => {
    http = createHubHttp(loadConfig({}, { httpPort: '0' }), pino({ level: 'silent' }));
    await http.start();
    base = http.url!;
  });
  after(() => http.stop());

  it('answers liveness and readiness', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).to.equal(200);
      expect(await response.json()).to.deep.equal({ status: 'up' });
    }
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
    const other = createHubHttp(loadConfig({}, { httpPort: '0' }), pino({ level: 'silent' }));
    await other.start();
    const url = other.url!;
    expect((await fetch(`${url}/health/live`)).status).to.equal(200);
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    expect(other.health().status).to.equal('stopping');
    let refused = false;
    try {
      await fetch(`${url}/health/live`);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });
});
