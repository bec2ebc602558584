import { unavailable } from '../../support/services.js';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { SOAP11_ENV, SOAP12_ENV, buildFault } from '../../../common/soap/envelope.js';
import { ReplayCache } from '../../../hub/ingress/replay-cache.js';
import { createSignatureVerifier } from '../../../hub/ingress/x509.js';
import { callerFor, failureOf, getAccountResponse, startRawServer, stopCallers, TRACEPARENT, type RawServer } from './support.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const CMN = 'urn:dbp:common:v1';
const PATH = '/soap/CoreBanking';

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function only(document: Document, namespace: string, localName: string): Element {
  const found = Array.from(document.getElementsByTagNameNS(namespace, localName));
  expect(found, `${localName} elements`).to.have.length(1);
  return found[0]!;
}

const textOf = (element: Element): string => element.textContent?.trim() ?? '';

describe('connectors/shared: what the SOAP sender puts on the wire and how it reads answers', function () {
  let server: RawServer | undefined;

  afterEach(async () => {
    await stopCallers();
    await server?.close();
    server = undefined;
  });

  /** A server answering every request with a GetAccount response of the request's SOAP version. */
  const answering = async (): Promise<RawServer> =>
    startRawServer((request, res) => {
      const version = String(request.headers['content-type']).startsWith('application/soap+xml') ? '1.2' : '1.1';
      res.writeHead(200, { 'content-type': version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8' }).end(getAccountResponse(version));
    });

  describe('WS-Security and trace context', () => {
    it('sends a UsernameToken with a correct PasswordDigest, fresh nonce and Created, and the traceparent in the SOAP header and the HTTP header', async () => {
      server = await answering();
      const caller = await callerFor('core-banking', `${server.url}${PATH}`, { security: { usernameToken: { username: 'hub-core', password: 'pässwörd-1', digest: true } } });
      const answer = await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' }, traceparent: TRACEPARENT });
      await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-2' }, traceparent: TRACEPARENT });
      expect((answer.account as { accountId: string }).accountId).to.equal('AC-1');

      const [first, second] = server.requests;
      expect(first!.headers.traceparent).to.equal(TRACEPARENT);
      expect(first!.headers['content-type']).to.match(/^text\/xml/);
      expect(first!.headers.soapaction).to.equal('"urn:dbp:corebanking:v1/GetAccount"');
      const document = parse(first!.body);
      expect(document.documentElement?.namespaceURI).to.equal(SOAP11_ENV);
      const trace = only(document, CMN, 'TraceContext');
      expect((trace.parentNode as Element).localName).to.equal('Header');
      expect(textOf(only(document, CMN, 'traceparent'))).to.equal(TRACEPARENT);

      const token = only(document, WSSE, 'UsernameToken');
      expect(textOf(only(document, WSSE, 'Username'))).to.equal('hub-core');
      const password = only(document, WSSE, 'Password');
      expect(password.getAttribute('Type')).to.match(/#PasswordDigest$/);
      const nonce = textOf(only(document, WSSE, 'Nonce'));
      const created = Array.from(token.getElementsByTagNameNS(WSU, 'Created')).map(textOf)[0]!;
      expect(Buffer.from(nonce, 'base64')).to.have.length(16);
      expect(Math.abs(Date.parse(created) - Date.now())).to.be.below(5 * 60_000);
      const expected = createHash('sha1').update(Buffer.from(nonce, 'base64')).update(created).update('pässwörd-1').digest('base64');
      expect(textOf(password)).to.equal(expected);
      expect(first!.body, 'the password itself never travels').to.not.contain('pässwörd-1');

      const secondNonce = textOf(only(parse(second!.body), WSSE, 'Nonce'));
      expect(secondNonce, 'each request has its own nonce').to.not.equal(nonce);
    });

    it('speaks SOAP 1.2 when configured: the 1.2 envelope, application/soap+xml with the action, and both trace headers', async () => {
      server = await answering();
      const caller = await callerFor('core-banking', `${server.url}${PATH}`, { soapVersion: '1.2' });
      const answer = await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' }, traceparent: TRACEPARENT });
      expect((answer.account as { accountId: string }).accountId).to.equal('AC-1');
      const [request] = server.requests;
      expect(request!.headers['content-type']).to.match(/^application\/soap\+xml; charset=utf-8; action="urn:dbp:corebanking:v1\/GetAccount"$/);
      expect(request!.headers.traceparent).to.equal(TRACEPARENT);
      const document = parse(request!.body);
      expect(document.documentElement?.namespaceURI).to.equal(SOAP12_ENV);
      expect(textOf(only(document, CMN, 'traceparent'))).to.equal(TRACEPARENT);
    });

    it('sends no trace context at all for a missing or malformed traceparent', async () => {
      server = await answering();
      const caller = await callerFor('core-banking', `${server.url}${PATH}`);
      await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } });
      await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-2' }, traceparent: '00-not-a-trace</cmn:traceparent><x>' });
      for (const request of server.requests) {
        expect(request.headers.traceparent).to.equal(undefined);
        expect(request.body).to.not.contain('TraceContext');
        expect(request.body).to.not.contain('<x>');
      }
    });
  });

  describe('X.509 and TLS', () => {
    let dir: string;
    const files = (name: string) => ({ key: path.join(dir, `${name}.key`), cert: path.join(dir, `${name}.crt`) });

    before(function () {
      dir = mkdtempSync(path.join(tmpdir(), 'connector-certs-'));
      try {
        for (const name of ['signer', 'server', 'client']) {
          const { key, cert } = files(name);
          const names = name === 'server' ? ['-addext', 'subjectAltName=IP:127.0.0.1'] : [];
          execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, ...names], { stdio: 'ignore' });
        }
      } catch (error) {
        unavailable(this, `openssl cannot make the test certificates: ${(error as Error).message}`);
      }
    });

    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('signs the Body and Timestamp with the X.509 key so that the hub\'s own strict verifier accepts the message', async () => {
      server = await answering();
      const signer = files('signer');
      const caller = await callerFor('core-banking', `${server.url}${PATH}`, { security: { x509: { keyFile: signer.key, certFile: signer.cert } } });
      await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' }, traceparent: TRACEPARENT });
      const verify = createSignatureVerifier({
        certificates: [{ sourceSystem: 'HUB', certificate: readFileSync(signer.cert, 'utf8') }],
        requireSignedTimestamp: true,
        allowSha1: false,
        windowMs: 5 * 60_000,
        replay: new ReplayCache(),
        now: () => Date.now(),
      });
      const signed = verify(server.requests[0]!.body, '1.1');
      try {
        expect(signed.sourceSystem).to.equal('HUB');
        expect(signed.payload.name).to.equal('GetAccount');
      } finally {
        signed.document.dispose();
      }
      const tampered = server.requests[0]!.body.replace('>AC-1<', '>AC-9<');
      expect(() => verify(tampered, '1.1')).to.throw(/signature|digest/i);
    });

    it('presents the client certificate for mutual TLS and checks the back office against the configured CA', async () => {
      const serverFiles = files('server');
      const client = files('client');
      const peers: string[] = [];
      const https = createHttpsServer(
        { key: readFileSync(serverFiles.key), cert: readFileSync(serverFiles.cert), ca: readFileSync(client.cert), requestCert: true, rejectUnauthorized: true },
        (req, res) => {
          const socket = req.socket as TLSSocket;
          peers.push(`${socket.authorized}:${socket.getPeerCertificate().subject?.CN}`);
          req.resume();
          req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(getAccountResponse('1.1')));
        },
      );
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      try {
        const endpoint = `https://127.0.0.1:${(https.address() as AddressInfo).port}${PATH}`;
        const caller = await callerFor('core-banking', endpoint, { retries: { maxAttempts: 1 }, tls: { certFile: client.cert, keyFile: client.key, caFile: serverFiles.cert } });
        const answer = await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } });
        expect((answer.account as { accountId: string }).accountId).to.equal('AC-1');
        expect(peers).to.deep.equal(['true:client']);

        const untrusting = await callerFor('core-banking', endpoint, { retries: { maxAttempts: 1 }, tls: { certFile: client.cert, keyFile: client.key } });
        expect((await failureOf(untrusting.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } }))).code, 'a server certificate outside the CA').to.equal('CONNECTION_FAILED');
        expect(peers).to.have.length(1);
      } finally {
        https.closeAllConnections();
        await new Promise<void>((resolve) => https.close(() => resolve()));
      }
    });
  });

  describe('answers', () => {
    it('keeps every simple value as the text received: money never passes through a JavaScript number', async () => {
      server = await answering();
      const caller = await callerFor('core-banking', `${server.url}${PATH}`);
      const answer = (await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } })) as { account: Record<string, unknown> };
      const balance = answer.account.balance as Record<string, unknown>;
      expect((balance.amount as Record<string, unknown>).amount).to.equal('12345678901234.56');
      expect(answer.account.openingDate).to.equal('2025-01-10');
      expect(balance.asOf).to.equal('2026-11-24T09:30:00Z');
    });

    it('answers {} for an empty response element', async () => {
      server = await startRawServer((_request, res) =>
        res.writeHead(200, { 'content-type': 'text/xml' }).end(`<soap:Envelope xmlns:soap="${SOAP11_ENV}"><soap:Body><cb:GetAccountResponse xmlns:cb="urn:dbp:corebanking:v1"/></soap:Body></soap:Envelope>`),
      );
      const caller = await callerFor('core-banking', `${server.url}${PATH}`);
      expect(await caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } })).to.deep.equal({});
    });
  });

  describe('failures', () => {
    const failWith = async (answer: Parameters<typeof startRawServer>[0], maxAttempts = 1) => {
      server = await startRawServer(answer);
      const caller = await callerFor('core-banking', `${server.url}${PATH}`, { retries: { maxAttempts, baseDelayMs: 1, maxDelayMs: 5 }, maxResponseBytes: 4096 });
      return failureOf(caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } }));
    };

    it('reads a contract fault of either SOAP version with its detail as received', async () => {
      for (const version of ['1.1', '1.2'] as const) {
        const failure = await failWith((_request, res) =>
          res
            .writeHead(version === '1.1' ? 500 : 400, { 'content-type': 'text/xml' })
            .end(buildFault(version, { namespace: 'urn:dbp:corebanking:v1', prefix: 'cb' }, { code: 'ACCOUNT_CLOSED', message: 'closed on 2026-01-01', retryable: false, field: 'accountId', correlationId: 'corr-42' })),
        );
        expect(failure.code).to.equal('ACCOUNT_CLOSED');
        expect(failure.retryable).to.equal(false);
        expect(failure.fault).to.deep.include({ code: 'ACCOUNT_CLOSED', message: 'closed on 2026-01-01', reason: 'closed on 2026-01-01', retryable: false, field: 'accountId', correlationId: 'corr-42' });
        expect(failure.fault?.faultCode).to.equal(version === '1.1' ? 'soap:Client' : 'env:Sender');
        expect(failure.fault?.detail).to.deep.equal({ code: 'ACCOUNT_CLOSED', message: 'closed on 2026-01-01', retryable: 'false', field: 'accountId', correlationId: 'corr-42' });
        expect(failure.message).to.equal('core-banking GetAccount: ACCOUNT_CLOSED: closed on 2026-01-01');
        await server?.close();
        server = undefined;
      }
    });

    it('makes a fault code outside the catalog, or a fault without the contract detail, UNKNOWN_FAULT (not retried)', async () => {
      const odd = await failWith(
        (_request, res) => res.writeHead(500, { 'content-type': 'text/xml' }).end(buildFault('1.1', { namespace: 'urn:dbp:corebanking:v1', prefix: 'cb' }, { code: 'CORE_MELTDOWN', message: 'odd', retryable: true })),
        3,
      );
      expect(odd.code).to.equal('UNKNOWN_FAULT');
      expect(odd.fault?.code).to.equal('CORE_MELTDOWN');
      expect(server!.requests).to.have.length(1);
      await server?.close();
      const bare = await failWith((_request, res) =>
        res.writeHead(500, { 'content-type': 'text/xml' }).end(`<soap:Envelope xmlns:soap="${SOAP11_ENV}"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>gateway says no</faultstring></soap:Fault></soap:Body></soap:Envelope>`),
      );
      expect(bare.code).to.equal('UNKNOWN_FAULT');
      expect(bare.fault).to.include({ reason: 'gateway says no', faultCode: 'soap:Server', code: undefined });
    });

    it('makes a non-SOAP 5xx a retryable HTTP_ERROR and a 4xx a permanent one that is not retried', async () => {
      const gateway = await failWith((_request, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>'), 2);
      expect(gateway).to.include({ code: 'HTTP_ERROR', httpStatus: 502, retryable: true });
      expect(server!.requests, 'retried once').to.have.length(2);
      await server?.close();
      const missing = await failWith((_request, res) => res.writeHead(404).end('not here'), 3);
      expect(missing).to.include({ code: 'HTTP_ERROR', httpStatus: 404, retryable: false });
      expect(server!.requests).to.have.length(1);
    });

    it('makes a cut-off, oversized, foreign or non-XML answer BAD_RESPONSE', async () => {
      const answers: Parameters<typeof startRawServer>[0][] = [
        (_request, res) => {
          res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '4000' });
          res.write(`<soap:Envelope xmlns:soap="${SOAP11_ENV}"><soap:Body><cb:GetAccountResponse xmlns:cb="urn:dbp:corebanking:v1">`, () => setTimeout(() => res.socket?.destroy(), 20));
        },
        (_request, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(getAccountResponse('1.1').replace('<cb:productName>', `<cb:productName>${'x'.repeat(5000)}`)),
        (_request, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<soap:Envelope xmlns:soap="${SOAP11_ENV}"><soap:Body><cb:GetBalancesResponse xmlns:cb="urn:dbp:corebanking:v1"><cb:accountId>A</cb:accountId></cb:GetBalancesResponse></soap:Body></soap:Envelope>`),
        (_request, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(`<soap:Envelope xmlns:soap="${SOAP11_ENV}"><soap:Body></soap:Body></soap:Envelope>`),
        (_request, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>maintenance</body></html>'),
      ];
      for (const answer of answers) {
        const failure = await failWith(answer);
        expect(failure.code, failure.message).to.equal('BAD_RESPONSE');
        expect(failure.retryable).to.equal(true);
        await server?.close();
        server = undefined;
      }
    });

    it('makes a refused connection CONNECTION_FAILED', async () => {
      const closed = await startRawServer(() => undefined);
      const endpoint = `${closed.url}${PATH}`;
      await closed.close();
      const caller = await callerFor('core-banking', endpoint, { retries: { maxAttempts: 1 } });
      const failure = await failureOf(caller.call({ operation: 'GetAccount', request: { accountId: 'AC-1' } }));
      expect(failure).to.include({ code: 'CONNECTION_FAILED', retryable: true });
      expect(failure.message).to.contain('ECONNREFUSED');
    });
  });
});
