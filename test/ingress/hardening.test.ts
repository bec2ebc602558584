import { expect } from 'chai';
import { buildEnvelope, type SoapVersion } from '../../common/soap/envelope.js';
import { ACTION, VERSIONS, contract, expectFault, post, publishEventsPayload, request, startIngress, usernameToken, type RunningIngress } from './support.js';

const CC = contract.namespace;

/** A request whose Body payload is replaced by `inner` inside a PublishEvents element. */
function withPayload(version: SoapVersion, inner: string): string {
  return request(version, { payload: `<cc:PublishEvents xmlns:cc="${CC}">${inner}</cc:PublishEvents>` });
}

describe('ingress hardening: size, DTDs and structure', () => {
  let hub: RunningIngress;

  before(async () => {
    hub = await startIngress();
  });
  beforeEach(() => {
    hub.calls.length = 0;
  });
  afterEach(() => {
    expect(hub.calls, 'the handler must not run').to.have.length(0);
  });
  after(() => hub.stop());

  for (const version of VERSIONS) {
    describe(`SOAP ${version}`, () => {
      it('refuses XXE with DTD_FORBIDDEN and never reads the external entity', async () => {
        const body = `<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${request(version, { payload: publishEventsPayload(1, '&xxe;') })}`;
        const answer = await post(hub.endpoint, version, body);
        expectFault(answer, version, 'DTD_FORBIDDEN');
        expect(answer.body).to.not.contain('root:');
      });

      it('refuses a parameter-entity XXE (out-of-band exfiltration) with DTD_FORBIDDEN', async () => {
        const body = `<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>${request(version)}`;
        expectFault(await post(hub.endpoint, version, body), version, 'DTD_FORBIDDEN');
      });

      it('refuses billion laughs with DTD_FORBIDDEN, quickly and without expanding anything', async () => {
        const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
        const body = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${levels}\n]>\n${request(version, { payload: publishEventsPayload(1, '&lol9;') })}`;
        const started = Date.now();
        const memoryBefore = process.memoryUsage().rss;
        const answer = await post(hub.endpoint, version, body);
        expectFault(answer, version, 'DTD_FORBIDDEN');
        expect(Date.now() - started).to.be.below(3000);
        expect(process.memoryUsage().rss - memoryBefore).to.be.below(256 * 1024 * 1024);
        expect(answer.body).to.not.contain('lollol');
      });

      it('refuses a DOCTYPE even without entities, and one after the XML declaration in any case', async () => {
        expectFault(await post(hub.endpoint, version, `<!DOCTYPE Envelope>${request(version)}`), version, 'DTD_FORBIDDEN');
        expectFault(await post(hub.endpoint, version, `<?xml version="1.0"?><!doctype Envelope SYSTEM "x.dtd">${request(version)}`), version, 'DTD_FORBIDDEN');
      });

      it('refuses deep nesting with MESSAGE_TOO_COMPLEX', async () => {
        const depth = 40;
        const nested = `${'<cc:x>'.repeat(depth)}${'</cc:x>'.repeat(depth)}`;
        expectFault(await post(hub.endpoint, version, withPayload(version, nested)), version, 'MESSAGE_TOO_COMPLEX');
        const extreme = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
        expectFault(await post(hub.endpoint, version, withPayload(version, extreme)), version, 'MESSAGE_TOO_COMPLEX');
      });

      it('refuses too many elements with MESSAGE_TOO_COMPLEX', async () => {
        expectFault(await post(hub.endpoint, version, withPayload(version, '<a/>'.repeat(50_001))), version, 'MESSAGE_TOO_COMPLEX');
      });

      it('refuses too many attributes on one element with MESSAGE_TOO_COMPLEX', async () => {
        const attributes = Array.from({ length: 33 }, (_, i) => ` a${i}="v"`).join('');
        const answer = await post(hub.endpoint, version, withPayload(version, `<cc:event${attributes}/>`));
        expectFault(answer, version, 'MESSAGE_TOO_COMPLEX');
        expect(answer.body).to.contain('attributes');
      });

      it('refuses long element and attribute names with MESSAGE_TOO_COMPLEX', async () => {
        const name = `n${'x'.repeat(200)}`;
        expectFault(await post(hub.endpoint, version, withPayload(version, `<${name}/>`)), version, 'MESSAGE_TOO_COMPLEX');
        expectFault(await post(hub.endpoint, version, withPayload(version, `<cc:event ${name}="1"/>`)), version, 'MESSAGE_TOO_COMPLEX');
        expectFault(await post(hub.endpoint, version, withPayload(version, `<a></${name}>`)), version, 'MESSAGE_TOO_COMPLEX');
      });

      it('refuses a body over 1 MiB with MESSAGE_TOO_LARGE', async () => {
        const padding = `<!--${'x'.repeat(1024 * 1024)}-->`;
        const answer = await post(hub.endpoint, version, request(version) + padding);
        expectFault(answer, version, 'MESSAGE_TOO_LARGE');
      });

      it('refuses XML that is not well-formed with MALFORMED_REQUEST', async () => {
        expectFault(await post(hub.endpoint, version, '<soap:Envelope xmlns:soap="x"><unclosed>'), version, 'MALFORMED_REQUEST');
        expectFault(await post(hub.endpoint, version, 'not xml at all'), version, 'MALFORMED_REQUEST');
        expectFault(await post(hub.endpoint, version, request(version).replace('</cc:eventId>', '</cc:eventid>')), version, 'MALFORMED_REQUEST');
        expectFault(await post(hub.endpoint, version, request(version).replace('>ev-1<', '>&undeclared;<')), version, 'MALFORMED_REQUEST');
      });

      it('refuses a Body without exactly one payload element with MALFORMED_REQUEST', async () => {
        const two = buildEnvelope(version, `${publishEventsPayload()}\n${publishEventsPayload()}`, usernameToken(version));
        expectFault(await post(hub.endpoint, version, two), version, 'MALFORMED_REQUEST');
      });
    });
  }

  it('stops reading an endless body: the fault comes after a fraction of it, and the connection is closed', async () => {
    let sent = 0;
    const total = 256 * 1024 * 1024;
    const chunk = new TextEncoder().encode(`<!--${'x'.repeat(64 * 1024 - 7)}-->`);
    const head = new TextEncoder().encode(request('1.1'));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        const next = sent === 0 ? head : chunk;
        sent += next.length;
        controller.enqueue(next);
      },
    });
    const response = await fetch(hub.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION('PublishEvents')}"` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const body = await response.text();
    expectFault({ status: response.status, contentType: response.headers.get('content-type') ?? '', body }, '1.1', 'MESSAGE_TOO_LARGE');
    expect(response.headers.get('connection')).to.equal('close');
    expect(sent, 'bytes the client could send before the answer').to.be.below(32 * 1024 * 1024);
    await stream.cancel().catch(() => undefined);
  });

  it('answers a declared Content-Length over the limit without reading the body', async () => {
    const answer = await post(hub.endpoint, '1.2', new Uint8Array(3 * 1024 * 1024));
    expectFault(answer, '1.2', 'MESSAGE_TOO_LARGE');
  });
});

describe('ingress hardening: configurable limits', () => {
  let hub: RunningIngress;

  before(async () => {
    hub = await startIngress({ limits: { maxBodyBytes: 3000, maxDepth: 8, maxElements: 40, maxAttributesPerElement: 4, maxNameLength: 24 } });
  });
  after(() => hub.stop());

  it('applies each configured limit, and a request within all of them passes', async () => {
    const ok = await post(hub.endpoint, '1.1', request('1.1'));
    expect(ok.status, ok.body).to.equal(200);
    expect(hub.calls).to.have.length(1);
    hub.calls.length = 0;
    expectFault(await post(hub.endpoint, '1.1', request('1.1') + `<!--${'x'.repeat(3000)}-->`), '1.1', 'MESSAGE_TOO_LARGE');
    expectFault(await post(hub.endpoint, '1.1', withPayload('1.1', '<a><b><c><d><e><f/></e></d></c></b></a>')), '1.1', 'MESSAGE_TOO_COMPLEX');
    expectFault(await post(hub.endpoint, '1.1', withPayload('1.1', '<a/>'.repeat(40))), '1.1', 'MESSAGE_TOO_COMPLEX');
    expectFault(await post(hub.endpoint, '1.1', withPayload('1.1', '<a p="1" q="1" r="1" s="1" t="1"/>')), '1.1', 'MESSAGE_TOO_COMPLEX');
    expectFault(await post(hub.endpoint, '1.1', withPayload('1.1', `<${'a'.repeat(25)}/>`)), '1.1', 'MESSAGE_TOO_COMPLEX');
    expect(hub.calls).to.have.length(0);
  });
});
