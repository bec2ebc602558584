/**
 * Sends one operation of a back office's contract with node-soap, once: no timeout, retry
 * or breaker here (connectors/shared/caller.ts wraps those around it). The client is built
 * once from the contract's WSDL file, with the configured endpoint and SOAP version, the
 * outbound WS-Security (UsernameToken or X.509 signature), TLS material in the connection
 * pool, and the call's traceparent in both the cmn:TraceContext SOAP header and the HTTP
 * `traceparent` header. Every failure becomes a ConnectorError.
 *
 * Values as node-soap parses them: node-soap would turn xs:int/xs:long into JavaScript
 * numbers (parseInt, losing digits past 2^53), xs:decimal into a float, xs:boolean into a
 * boolean and xs:date/xs:dateTime into Date objects, but only where it can resolve the type,
 * which for elements of the imported cmn schema it mostly cannot. To give the typed clients
 * one rule, every simple value is kept as the string that was on the wire (see AS_RECEIVED);
 * money is a patterned decimal string in the contracts anyway.
 */
import { readFile } from 'node:fs/promises';
import type { AgentOptions } from 'node:https';
import type http from 'node:http';
import * as soap from 'soap';
import { contractFile, findContract } from '../../common/contracts/catalog.js';
import { CMN_NS } from '../../common/soap/envelope.js';
import { ConnectorError, faultError } from './errors.js';
import { TransportFailure, createAgent, createHttpTransport, type Exchange } from './http-transport.js';
import type { OperationPolicy } from './operations.js';
import { ConnectorSettingsError, type ConnectorSettings } from './settings.js';
import { readFault } from './soap-faults.js';
import type { BackOfficeId } from './types.js';

/** Built-in XSD types that node-soap would convert; each is kept as the text received. */
const CONVERTED_TYPES = ['int', 'integer', 'short', 'long', 'double', 'float', 'decimal', 'bool', 'boolean', 'date', 'dateTime'] as const;
export const AS_RECEIVED: Readonly<Record<string, (text: string) => string>> = Object.freeze(
  Object.fromEntries(CONVERTED_TYPES.map((type) => [type, (text: string) => text])),
);

/** cmn:TraceContext/cmn:traceparent accepts exactly this; anything else is not sent (W3C: an invalid traceparent is dropped). */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export interface SendOptions {
  readonly traceparent?: string;
  /** Aborts the exchange (a timeout or the caller's cancellation). */
  readonly signal?: AbortSignal;
}

export interface SoapSender {
  /** Loads the WSDL and the key files, creates the client and the connection pool. */
  start(): Promise<void>;
  send(operation: string, request: Readonly<Record<string, unknown>>, options?: SendOptions): Promise<Record<string, unknown>>;
  /** Closes the connection pool. */
  stop(): void;
}

export interface SoapSenderOptions {
  readonly backOffice: BackOfficeId;
  readonly settings: ConnectorSettings;
  readonly operations: ReadonlyMap<string, OperationPolicy>;
}

type SoapMethod = (args: unknown, callback: (error: unknown, result: unknown) => void, options: unknown, extraHeaders: Record<string, string>) => void;

export function createSoapSender(options: SoapSenderOptions): SoapSender {
  const { backOffice, settings, operations } = options;
  const contract = findContract(backOffice);
  if (!contract) throw new Error(`no contract for the back office ${backOffice}`);
  /** The traceparent of each call, keyed by the argument object node-soap hands to the header builder. */
  const traces = new WeakMap<object, string>();
  let port: Record<string, SoapMethod> | undefined;
  let agent: http.Agent | undefined;

  const fail = (code: ConstructorParameters<typeof ConnectorError>[0], operation: string, detail: string, extra?: ConstructorParameters<typeof ConnectorError>[4]) =>
    new ConnectorError(code, backOffice, operation, detail, extra);

  /** A complete HTTP response that is not the operation's answer. */
  const responseError = (operation: string, status: number, body: string): ConnectorError => {
    const fault = readFault(body);
    if (fault) return faultError(backOffice, operation, fault, status);
    if (status >= 300) return fail('HTTP_ERROR', operation, `HTTP status ${status} without a SOAP fault`, { httpStatus: status });
    return fail('BAD_RESPONSE', operation, `the response is not a SOAP envelope holding ${operations.get(operation)?.output ?? 'the response element'}`, { httpStatus: status });
  };

  const classify = (operation: string, error: unknown, exchange: Exchange): ConnectorError => {
    if (error instanceof ConnectorError) return error;
    if (error instanceof TransportFailure) {
      switch (error.kind) {
        case 'aborted':
          return fail('CANCELLED', operation, 'the exchange was aborted', { cause: error });
        case 'connection':
          return fail('CONNECTION_FAILED', operation, error.message, { cause: error });
        case 'truncated':
        case 'too-large':
          return fail('BAD_RESPONSE', operation, error.message, { cause: error });
      }
    }
    if (exchange.status !== undefined) return responseError(operation, exchange.status, exchange.body ?? '');
    // Nothing was sent: node-soap could not build or sign the envelope from this request.
    return fail('MALFORMED_REQUEST', operation, `the request could not be encoded: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  };

  return {
    async start() {
      if (port) return;
      const https = settings.endpoint.startsWith('https:');
      const tls: AgentOptions = { rejectUnauthorized: settings.tls.rejectUnauthorized };
      if (settings.tls.certFile) tls.cert = await readSettingFile('tls.certFile', settings.tls.certFile);
      if (settings.tls.keyFile) tls.key = await readSettingFile('tls.keyFile', settings.tls.keyFile);
      if (settings.tls.caFile) tls.ca = await readSettingFile('tls.caFile', settings.tls.caFile);
      let security: soap.ISecurity | undefined;
      if (typeof settings.security === 'object' && 'usernameToken' in settings.security) {
        const token = settings.security.usernameToken;
        security = new soap.WSSecurity(token.username, token.password, {
          passwordType: token.digest ? 'PasswordDigest' : 'PasswordText',
          hasNonce: true,
          hasTokenCreated: true,
          hasTimeStamp: true,
        });
      } else if (typeof settings.security === 'object' && 'x509' in settings.security) {
        const x509 = settings.security.x509;
        const key = await readSettingFile('security.x509.keyFile', x509.keyFile);
        const certificate = await readSettingFile('security.x509.certFile', x509.certFile);
        // idMode wssecurity: the signed Body and Timestamp carry wsu:Id, as WSS4J, WCF and the hub's own verifier expect.
        security = new soap.WSSecurityCert(key, certificate, '', { hasTimeStamp: true, signerOptions: { idMode: 'wssecurity' } });
      }

      const pool = createAgent({ https, maxSockets: settings.bulkhead.maxConcurrent, tls });
      // disableCache: node-soap caches WSDL objects by path and a client writes its options
      // (SOAP version, deserializers) into the shared object; each connector needs its own.
      const client = await soap.createClientAsync(contractFile(contract.wsdl), {
        endpoint: settings.endpoint,
        forceSoap12Headers: settings.soapVersion === '1.2',
        customDeserializer: AS_RECEIVED,
        httpClient: createHttpTransport({ agent: pool, maxResponseBytes: settings.maxResponseBytes }),
        disableCache: true,
      });
      if (security) client.setSecurity(security);
      client.addSoapHeader((_method: unknown, _location: unknown, _action: unknown, args: unknown) => {
        const traceparent = typeof args === 'object' && args !== null ? traces.get(args) : undefined;
        return traceparent ? `<cmn:TraceContext xmlns:cmn="${CMN_NS}"><cmn:traceparent>${traceparent}</cmn:traceparent></cmn:TraceContext>` : '';
      });
      const service = (client as unknown as Record<string, Record<string, Record<string, SoapMethod>>>)[`${contract.name}Service`];
      const chosen = service?.[`${contract.name}Soap${settings.soapVersion === '1.2' ? '12' : '11'}`];
      if (!chosen) {
        pool.destroy();
        throw new Error(`${contract.wsdl} has no SOAP ${settings.soapVersion} port`);
      }
      agent = pool;
      port = chosen;
    },

    async send(operation, request, sendOptions = {}) {
      const method = port?.[operation];
      if (!port) throw fail('NOT_STARTED', operation, 'the connector is not started');
      if (!method || !operations.has(operation)) throw fail('UNKNOWN_OPERATION', operation, `${operation} is not an operation of ${contract.name}`);
      const args: Record<string, unknown> = { ...request };
      const traceparent = sendOptions.traceparent !== undefined && TRACEPARENT.test(sendOptions.traceparent) ? sendOptions.traceparent : undefined;
      if (traceparent) traces.set(args, traceparent);
      const exchange: Exchange = {};
      let result: unknown;
      try {
        result = await new Promise((resolve, reject) => {
          method(args, (error, value) => (error ? reject(error) : resolve(value)), { signal: sendOptions.signal, exchange }, traceparent ? { traceparent } : {});
        });
      } catch (error) {
        throw classify(operation, error, exchange);
      }
      const status = exchange.status ?? 0;
      const body = exchange.body ?? '';
      const output = operations.get(operation)!.output;
      // node-soap accepts any status and an empty or foreign Body; only the operation's own response element is an answer.
      if (status < 200 || status >= 300 || !new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${output}[\\s/>]`).test(body)) {
        throw responseError(operation, status, body);
      }
      return isRecord(result) ? result : {};
    },

    stop() {
      agent?.destroy();
      agent = undefined;
      port = undefined;
    },
  };
}

async function readSettingFile(key: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConnectorSettingsError(key, `${file} cannot be read: ${(error as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
