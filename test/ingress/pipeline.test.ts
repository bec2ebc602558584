import { expect } from 'chai';
import { pino } from 'pino';
import type { EncodableObject } from '../../common/soap/codec.js';
import { CMN_NS, SOAP11_ENV } from '../../common/soap/envelope.js';
import { HubError } from '../../hub/errors/catalog.js';
import { createSoapIngress } from '../../hub/ingress/index.js';
import {
  ACTION,
  CREDENTIALS,
  VERSIONS,
  contract,
  expectFault,
  expectSuccess,
  post,
  publishEventsPayload,
  request,
  startIngress,
  usernameToken,
  type RunningIngress,
} from './support.js';

const CC = contract.namespace;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('ingress pipeline: envelope, operation, headers, schema, handler', () => {
  let hub: RunningIngress;

  before(async () => {
    hub = await startIngress();
  });
  beforeEach(() => {
    hub.calls.length = 0;
  });
  after(() => hub.stop());

  for (const version of VERSIONS) {
    describe(`SOAP ${version}`, () => {
      it('hands a valid request to the handler and answers with a response envelope of the same version', async () => {
        const answer = await post(hub.endpoint, version, request(version));
        expectSuccess(answer, version);
        expect(hub.calls).to.have.length(1);
        const [call] = hub.calls;
        expect(call!.operation).to.equal('PublishEvents');
        expect((call!.request.event as Record<string, unknown>[])[0]).to.include({ eventId: 'ev-1', sequence: '1', schemaVersion: '1.0' });
        expect(call!.context).to.include({ sourceSystem: 'CORE_BANKING', soapVersion: version, operation: 'PublishEvents' });
        expect(call!.context.correlationId).to.match(/^[0-9a-f-]{36}$/);
        expect(call!.context.traceparent).to.equal(undefined);
      });

      it('serves every operation of the contract', async () => {
        const aggregate = `<cc:aggregate><cc:aggregateType>ACCOUNT</cc:aggregateType><cc:aggregateId>AC1</cc:aggregateId></cc:aggregate>`;
        const last = await post(hub.endpoint, version, request(version, { payload: `<cc:GetLastSequence xmlns:cc="${CC}">${aggregate}</cc:GetLastSequence>` }), { action: ACTION('GetLastSequence') });
        expectSuccess(last, version, 'GetLastSequenceResponse');
        const resync = await post(hub.endpoint, version, request(version, { payload: `<cc:RequestResync xmlns:cc="${CC}">${aggregate}</cc:RequestResync>` }), { action: ACTION('RequestResync') });
        expectSuccess(resync, version, 'RequestResyncResponse');
        expect(hub.calls.map((call) => call.operation)).to.deep.equal(['GetLastSequence', 'RequestResync']);
      });

      it('refuses a wrong action with ACTION_MISMATCH', async () => {
        expectFault(await post(hub.endpoint, version, request(version), { action: ACTION('GetLastSequence') }), version, 'ACTION_MISMATCH');
        expectFault(await post(hub.endpoint, version, request(version), { action: null }), version, 'ACTION_MISMATCH');
        expectFault(await post(hub.endpoint, version, request(version), { action: 'PublishEvents' }), version, 'ACTION_MISMATCH');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a Body element that is not an operation with UNKNOWN_OPERATION', async () => {
        const unknown = request(version, { payload: `<cc:DeleteEverything xmlns:cc="${CC}"/>` });
        expectFault(await post(hub.endpoint, version, unknown, { action: ACTION('DeleteEverything') }), version, 'UNKNOWN_OPERATION');
        const foreign = request(version, { payload: `<x:PublishEvents xmlns:x="urn:dbp:cachecontrol:v2"/>` });
        expectFault(await post(hub.endpoint, version, foreign), version, 'UNKNOWN_OPERATION');
        const response = request(version, { payload: `<cc:PublishEventsResponse xmlns:cc="${CC}"/>` });
        expectFault(await post(hub.endpoint, version, response, { action: ACTION('PublishEventsResponse') }), version, 'UNKNOWN_OPERATION');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a schema-invalid Body with SCHEMA_VIOLATION naming the field', async () => {
        const answer = await post(hub.endpoint, version, request(version).replace('<cc:sequence>1</cc:sequence>', '<cc:sequence>first</cc:sequence>'));
        expectFault(answer, version, 'SCHEMA_VIOLATION');
        expect(answer.body).to.contain('<cmn:field>event/sequence</cmn:field>');
        const missing = await post(hub.endpoint, version, request(version).replace(/<cc:schemaVersion>1\.0<\/cc:schemaVersion>/, ''));
        expectFault(missing, version, 'SCHEMA_VIOLATION');
        expect(hub.calls).to.have.length(0);
      });

      it('names the offending event of a batch on a one-line message', async () => {
        const payload = publishEventsPayload(3).replace(/\n\s*/g, '');
        const bad = payload.replace('<cc:sequence>2</cc:sequence>', '<cc:sequence>-2</cc:sequence>');
        const answer = await post(hub.endpoint, version, request(version, { payload: bad }));
        expectFault(answer, version, 'SCHEMA_VIOLATION');
        expect(answer.body).to.contain('<cmn:field>event[2]/sequence</cmn:field>');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a mustUnderstand header it does not understand with MUST_UNDERSTAND', async () => {
        const p = version === '1.1' ? 'soap' : 'env';
        for (const flag of version === '1.1' ? ['1', 'true'] : ['true', '1']) {
          const custom = `<x:Routing xmlns:x="urn:example:routing" ${p}:mustUnderstand="${flag}">to-somewhere</x:Routing>`;
          const answer = await post(hub.endpoint, version, request(version, { headers: `${usernameToken(version)}\n${custom}` }));
          expectFault(answer, version, 'MUST_UNDERSTAND');
          expect(answer.body).to.contain('urn:example:routing');
        }
        expect(hub.calls).to.have.length(0);
      });

      it('accepts unknown headers that are optional or addressed to another node, and reads the TraceContext header', async () => {
        const p = version === '1.1' ? 'soap' : 'env';
        const other = version === '1.1' ? `${p}:actor="urn:example:proxy"` : `${p}:role="urn:example:proxy"`;
        const headers = [
          usernameToken(version),
          `<x:Optional xmlns:x="urn:example:optional" ${p}:mustUnderstand="0">ignored</x:Optional>`,
          `<x:ForTheProxy xmlns:x="urn:example:proxy" ${p}:mustUnderstand="${version === '1.1' ? '1' : 'true'}" ${other}>ignored</x:ForTheProxy>`,
          `<cmn:TraceContext xmlns:cmn="${CMN_NS}"><cmn:traceparent>${TRACEPARENT}</cmn:traceparent></cmn:TraceContext>`,
        ].join('\n');
        expectSuccess(await post(hub.endpoint, version, request(version, { headers })), version);
        expect(hub.calls[0]!.context.traceparent).to.equal(TRACEPARENT);
      });

      it('refuses a content type that does not match the envelope version with VERSION_MISMATCH', async () => {
        const other = version === '1.1' ? `application/soap+xml; charset=utf-8; action="${ACTION('PublishEvents')}"` : 'text/xml; charset=utf-8';
        // The fault is in the envelope's own version, whatever the content type said.
        expectFault(await post(hub.endpoint, version, request(version), { contentType: other }), version, 'VERSION_MISMATCH');
        expectFault(await post(hub.endpoint, version, request(version), { contentType: version === '1.1' ? 'text/xml; charset=iso-8859-1' : 'application/soap+xml; charset=latin1' }), version, 'VERSION_MISMATCH');
        expect(hub.calls).to.have.length(0);
      });
    });
  }

  it('refuses an envelope of an unknown SOAP namespace with VERSION_MISMATCH', async () => {
    const body = request('1.1').replaceAll(SOAP11_ENV, 'http://example.com/not-soap');
    expectFault(await post(hub.endpoint, '1.1', body), '1.1', 'VERSION_MISMATCH');
    expect(hub.calls).to.have.length(0);
  });

  it('takes the traceparent from the HTTP header when the SOAP header has none', async () => {
    const response = await fetch(hub.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION('PublishEvents')}"`, traceparent: TRACEPARENT },
      body: request('1.1'),
    });
    expect(response.status).to.equal(200);
    expect(hub.calls[0]!.context.traceparent).to.equal(TRACEPARENT);
  });

  it('serves the WSDL at ?wsdl and leaves other paths to the next handler', async () => {
    const wsdl = await fetch(`${hub.endpoint}?wsdl`);
    expect(wsdl.status).to.equal(200);
    expect(await wsdl.text()).to.contain(`location="${hub.endpoint}"`);
    expect((await fetch(hub.endpoint.replace('/soap/CacheControl', '/wsdl/common/v1/common.xsd'))).status).to.equal(200);
    expect((await fetch(hub.endpoint.replace('CacheControl', 'Other'), { method: 'POST', body: '' })).status).to.equal(404);
    expect((await fetch(hub.endpoint)).status).to.equal(404);
  });

  it('validates stages in the documented order', async () => {
    // action before security and schema; mustUnderstand before security; security before schema.
    const badEverything = request('1.1', { token: { password: 'wrong' } }).replace('<cc:sequence>1</cc:sequence>', '<cc:sequence>x</cc:sequence>');
    expectFault(await post(hub.endpoint, '1.1', badEverything, { action: ACTION('GetLastSequence') }), '1.1', 'ACTION_MISMATCH');
    const custom = `<x:Routing xmlns:x="urn:example:routing" soap:mustUnderstand="1"/>`;
    const mustUnderstandAndBadPassword = request('1.1', { headers: `${usernameToken('1.1', { password: 'wrong' })}\n${custom}` });
    expectFault(await post(hub.endpoint, '1.1', mustUnderstandAndBadPassword), '1.1', 'MUST_UNDERSTAND');
    expectFault(await post(hub.endpoint, '1.1', badEverything), '1.1', 'AUTHENTICATION_FAILED');
    expectFault(await post(hub.endpoint, '1.1', `<!DOCTYPE x>${badEverything}`, { contentType: 'application/soap+xml' }), '1.2', 'DTD_FORBIDDEN');
    expect(hub.calls).to.have.length(0);
  });
});

describe('ingress pipeline: handler outcomes', () => {
  const servers: { close(): void }[] = [];
  after(() => servers.forEach((server) => server.close()));

  async function serve(publish: () => Promise<EncodableObject>): Promise<string> {
    const { createServer } = await import('node:http');
    const ingress = createSoapIngress({
      contract,
      logger: pino({ level: 'silent' }),
      security: { credentials: CREDENTIALS },
      handlers: { PublishEvents: publish, GetLastSequence: publish, RequestResync: publish },
    });
    const server = createServer((req, res) => void (ingress(req, res) || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => (server.close(), server.closeAllConnections(), ingress.dispose()) });
    const address = server.address() as { port: number };
    return `http://127.0.0.1:${address.port}${contract.endpointPath}`;
  }

  for (const version of VERSIONS) {
    it(`answers a HubError of the handler as its documented fault (SOAP ${version})`, async () => {
      const endpoint = await serve(async () => {
        throw new HubError('BATCH_TOO_LARGE', 'at most 1000 events', { field: 'event' });
      });
      const answer = await post(endpoint, version, request(version));
      expectFault(answer, version, 'BATCH_TOO_LARGE');
      expect(answer.body).to.contain('<cmn:field>event</cmn:field>');
    });

    it(`answers any other error as INTERNAL_ERROR without its message (SOAP ${version})`, async () => {
      const endpoint = await serve(async () => {
        throw new Error('connection to db.internal:5432 refused, password=hunter2');
      });
      const answer = await post(endpoint, version, request(version));
      expect(answer.status).to.equal(500);
      expect(answer.body).to.contain('<cmn:code>INTERNAL_ERROR</cmn:code>').and.to.contain('<cmn:retryable>true</cmn:retryable>');
      expect(answer.body).to.not.contain('hunter2').and.not.contain('db.internal');
    });

    it(`answers a handler result that does not fit the contract as INTERNAL_ERROR (SOAP ${version})`, async () => {
      const endpoint = await serve(async () => ({ result: [{ eventId: 'ev-1', result: 'ACCEPTED', lastSequence: 1.5 }] }));
      const answer = await post(endpoint, version, request(version));
      expect(answer.status).to.equal(500);
      expect(answer.body).to.contain('<cmn:code>INTERNAL_ERROR</cmn:code>');
    });
  }

  it('fails at construction when an operation has no handler', () => {
    expect(() =>
      createSoapIngress({ contract, logger: pino({ level: 'silent' }), security: {}, handlers: { PublishEvents: async () => ({}) } }),
    ).to.throw(/no handler for GetLastSequence, RequestResync/);
  });
});
