/**
 * Test support for the SOAP ingress: a CacheControl ingress on a real HTTP server with a
 * throwaway handler that records its calls, request builders for SOAP 1.1 and 1.2,
 * WS-Security tokens, X.509 test certificates made with openssl, and one assertion for
 * every refusal: the fault code, the HTTP status of the version, a ServiceFault that
 * validates, no stack trace, and a handler that was not called.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { SignedXml } from 'xml-crypto';
import { findContract } from '../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator } from '../../common/contracts/validator.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { SOAP11_ENV, SOAP12_ENV, buildEnvelope, type SoapVersion } from '../../common/soap/envelope.js';
import { createSoapIngress, type IngressContext, type SoapIngress, type SoapIngressOptions } from '../../hub/ingress/index.js';

export const contract = findContract('cache-control')!;
export const VERSIONS: readonly SoapVersion[] = ['1.1', '1.2'];
export const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
export const PASSWORD_DIGEST = `${PROFILE}#PasswordDigest`;
export const PASSWORD_TEXT = `${PROFILE}#PasswordText`;
export const ACTION = (operation: string): string => `urn:dbp:cachecontrol:v1/${operation}`;
export const CREDENTIALS = [
  { username: 'core-banking', password: 'core-secret', sourceSystem: 'CORE_BANKING' },
  { username: 'cards', password: 'cards-secret', sourceSystem: 'CARDS' },
];

const codec = createContractCodec(contract);
const envNs = (version: SoapVersion): string => (version === '1.1' ? SOAP11_ENV : SOAP12_ENV);
const envPrefix = (version: SoapVersion): string => (version === '1.1' ? 'soap' : 'env');

export interface Call {
  readonly operation: string;
  readonly request: PlainObject;
  readonly context: IngressContext;
}

export interface RunningIngress {
  readonly endpoint: string;
  readonly calls: Call[];
  readonly ingress: SoapIngress;
  stop(): Promise<void>;
}

/** A CacheControl ingress on 127.0.0.1 (over TLS when given a key and certificate) whose handlers answer fixed, contract-valid responses. */
export async function startIngress(options: Partial<Omit<SoapIngressOptions, 'contract' | 'handlers' | 'logger'>> = {}, tls?: TestCertificate): Promise<RunningIngress> {
  const calls: Call[] = [];
  const record =
    (operation: string, answer: (request: PlainObject) => EncodableObject) =>
    async (request: PlainObject, context: IngressContext): Promise<EncodableObject> => {
      calls.push({ operation, request, context });
      return answer(request);
    };
  const ingress = createSoapIngress({
    contract,
    logger: pino({ level: 'silent' }),
    security: { credentials: CREDENTIALS },
    ...options,
    handlers: {
      PublishEvents: record('PublishEvents', (request) => ({
        result: (request.event as PlainObject[]).map((event) => ({ eventId: String(event.eventId), result: 'ACCEPTED', lastSequence: String(event.sequence) })),
      })),
      GetLastSequence: record('GetLastSequence', (request) => ({ aggregate: request.aggregate as PlainObject, lastSequence: '0', resyncPending: false })),
      RequestResync: record('RequestResync', (request) => ({ aggregate: request.aggregate as PlainObject, resyncId: 'resync-1' })),
    },
  });
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!ingress(req, res)) res.writeHead(404).end();
  };
  const server: Server = tls ? createTlsServer({ key: tls.privateKey, cert: tls.certificate }, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `${tls ? 'https' : 'http'}://127.0.0.1:${port}${contract.endpointPath}`,
    calls,
    ingress,
    stop: () =>
      new Promise<void>((resolve) => {
        ingress.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function publishEventsPayload(events = 1, eventId = 'ev-1'): string {
  const event = (index: number): EncodableObject => ({
    eventId: events === 1 ? eventId : `${eventId}-${index}`,
    sourceSystem: 'CORE_BANKING',
    aggregate: { aggregateType: 'ACCOUNT', aggregateId: 'AC00000001-01' },
    sequence: index + 1,
    occurredAt: '2026-11-24T09:30:00Z',
    schemaVersion: '1.0',
    balanceChanged: {
      accountId: 'AC00000001-01',
      clientId: 'CL00000001',
      balance: [{ type: 'BOOKED', amount: { amount: '10.00', currency: 'EUR' }, asOf: '2026-11-24T09:30:00Z' }],
    },
  });
  return codec.encode(`{${contract.namespace}}PublishEvents`, { event: Array.from({ length: events }, (_, index) => event(index)) }, '    ');
}

export interface TokenOptions {
  readonly username?: string;
  readonly password?: string;
  readonly type?: 'digest' | 'text';
  readonly nonce?: Buffer;
  readonly created?: Date;
}

/** A wsse:Security header with a UsernameToken, marked mustUnderstand as the mocks send it. */
export function usernameToken(version: SoapVersion, options: TokenOptions = {}): string {
  const username = options.username ?? 'core-banking';
  const password = options.password ?? 'core-secret';
  const nonce = options.nonce ?? randomBytes(16);
  const created = (options.created ?? new Date()).toISOString();
  const value = options.type === 'text' ? password : createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');
  const p = envPrefix(version);
  return `    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" ${p}:mustUnderstand="${version === '1.1' ? '1' : 'true'}">
      <wsse:UsernameToken>
        <wsse:Username>${username}</wsse:Username>
        <wsse:Password Type="${options.type === 'text' ? PASSWORD_TEXT : PASSWORD_DIGEST}">${value}</wsse:Password>
        <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce>
        <wsu:Created>${created}</wsu:Created>
      </wsse:UsernameToken>
    </wsse:Security>`;
}

/** A complete request envelope: a UsernameToken unless headers are given. */
export function request(version: SoapVersion, options: { payload?: string; headers?: string; token?: TokenOptions } = {}): string {
  return buildEnvelope(version, options.payload ?? publishEventsPayload(), options.headers ?? usernameToken(version, options.token));
}

export interface PostOptions {
  readonly action?: string | null;
  readonly contentType?: string;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** POSTs a SOAP request; over https the test certificate is trusted blindly (it is self-signed). */
export async function post(endpoint: string, version: SoapVersion, body: string | Uint8Array, options: PostOptions = {}): Promise<Answer> {
  const action = options.action === undefined ? ACTION('PublishEvents') : options.action;
  const headers: Record<string, string> = {};
  if (version === '1.1') {
    headers['content-type'] = options.contentType ?? 'text/xml; charset=utf-8';
    if (action !== null) headers.soapaction = `"${action}"`;
  } else {
    headers['content-type'] = options.contentType ?? `application/soap+xml; charset=utf-8${action === null ? '' : `; action="${action}"`}`;
  }
  if (endpoint.startsWith('https:')) return postTls(endpoint, headers, body);
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

function postTls(endpoint: string, headers: Record<string, string>, body: string | Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(endpoint, { method: 'POST', headers, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let faultValidator: PayloadValidator | undefined;

/** Checks a refusal: code, status of the version, a ServiceFault valid against the schema, no stack trace. */
export function expectFault(answer: Answer, version: SoapVersion, code: string): void {
  faultValidator ??= createPayloadValidator(contract);
  expect(answer.body, answer.body).to.contain(`<cmn:code>${code}</cmn:code>`);
  // Every refusal of the ingress is the sender's: SOAP 1.1 answers faults with 500, SOAP 1.2 Sender faults with 400.
  expect(answer.status, `status for SOAP ${version}`).to.equal(version === '1.1' ? 500 : 400);
  expect(answer.contentType).to.contain(version === '1.1' ? 'text/xml' : 'application/soap+xml');
  expect(answer.body).to.contain(`<${envPrefix(version)}:Envelope xmlns:${envPrefix(version)}="${envNs(version)}">`);
  expect(faultValidator.validateEnvelopePayload(answer.body), answer.body).to.deep.equal({ valid: true });
  expect(answer.body).to.not.match(/\bat [^\s]+ \(|\.ts:\d+|\.js:\d+|node:internal|Error:/);
}

/** Checks a success: 200, the response envelope of the same version, valid against the schema. */
export function expectSuccess(answer: Answer, version: SoapVersion, element = 'PublishEventsResponse'): void {
  faultValidator ??= createPayloadValidator(contract);
  expect(answer.status, answer.body).to.equal(200);
  expect(answer.contentType).to.contain(version === '1.1' ? 'text/xml' : 'application/soap+xml');
  expect(answer.body).to.contain(`xmlns:${envPrefix(version)}="${envNs(version)}"`).and.to.contain(`cc:${element}`);
  expect(faultValidator.validateEnvelopePayload(answer.body), answer.body).to.deep.equal({ valid: true });
}

export interface TestCertificate {
  readonly privateKey: string;
  readonly certificate: string;
}

/** Self-signed RSA certificates made with openssl in a temporary directory (node:crypto cannot issue certificates). */
export function makeCertificates(names: readonly string[]): Record<string, TestCertificate> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ingress-certs-'));
  try {
    const result: Record<string, TestCertificate> = {};
    for (const name of names) {
      const key = path.join(dir, `${name}.key`);
      const cert = path.join(dir, `${name}.crt`);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
      result[name] = { privateKey: readFileSync(key, 'utf8'), certificate: readFileSync(cert, 'utf8') };
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SignOptions {
  /** Which elements the signature references; default Body and Timestamp. */
  readonly cover?: readonly ('Body' | 'Timestamp')[];
  readonly created?: Date;
  readonly payload?: string;
}

/** A request signed the way WSS4J or WCF sign one: wsu:Id on Body and Timestamp, exclusive c14n, RSA-SHA256, the certificate in KeyInfo. */
export function signedRequest(version: SoapVersion, signer: TestCertificate, options: SignOptions = {}): string {
  const p = envPrefix(version);
  const created = options.created ?? new Date();
  const expires = new Date(created.getTime() + 5 * 60_000);
  const header = `    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" ${p}:mustUnderstand="${version === '1.1' ? '1' : 'true'}">
      <wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${created.toISOString()}</wsu:Created><wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>
    </wsse:Security>`;
  const unsigned = buildEnvelope(version, options.payload ?? publishEventsPayload(), header).replace(`<${p}:Body>`, `<${p}:Body xmlns:wsu="${WSU}" wsu:Id="Body-1">`);
  const signature = new SignedXml({
    privateKey: signer.privateKey,
    publicCert: signer.certificate,
    idMode: 'wssecurity',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  for (const target of options.cover ?? ['Body', 'Timestamp']) {
    signature.addReference({
      xpath: `//*[local-name(.)='${target}']`,
      transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
  }
  signature.computeSignature(unsigned, { prefix: 'ds', location: { reference: "//*[local-name(.)='Security']", action: 'append' } });
  return signature.getSignedXml();
}
