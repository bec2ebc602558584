/**
 * The SOAP endpoint of a mock back office: one contract, SOAP 1.1 and 1.2, requests
 * checked against the contract (envelope, SOAPAction, schema) before the handler runs,
 * faults with the contract's ServiceFault detail, and the fault injection decided first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Contract } from '../../common/contracts/catalog.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import { CodecError } from '../../common/soap/codec.js';
import { createOperationDispatcher, invokeOperation } from '../../common/soap/dispatch.js';
import { CONTENT_TYPES, EnvelopeError, buildFault, parseEnvelope, type FaultInput, type SoapVersion } from '../../common/soap/envelope.js';
import { DEFAULT_MAX_BODY_BYTES, contentTypeMatches, readBody, requestAction, versionFromContentType } from '../../common/soap/http.js';
import type { FaultInjector } from './faults.js';
import type { RequestRecorder } from './recorder.js';
import { ContractFault, type Clock, type ServiceHandlers } from './types.js';

const RECEIVER_CODES = new Set(['SERVICE_UNAVAILABLE', 'THROTTLED', 'TIMEOUT', 'INTERNAL_ERROR']);

export interface SoapEndpointOptions {
  readonly contract: Contract;
  readonly handlers: ServiceHandlers;
  readonly faults: FaultInjector;
  readonly recorder: RequestRecorder;
  readonly clock: Clock;
  readonly maxBodyBytes?: number;
  /** Called with unexpected handler errors (they are answered as INTERNAL_ERROR). */
  readonly onError?: (error: unknown, operation: string) => void;
}

export type EndpointHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createSoapEndpoint(options: SoapEndpointOptions): EndpointHandler {
  const { contract, handlers, faults, recorder, clock } = options;
  const dispatcher = createOperationDispatcher(contract);
  const missing = [...dispatcher.operations.keys()].filter((name) => !handlers[name]);
  if (missing.length > 0) throw new Error(`mock ${contract.id} has no handler for ${missing.join(', ')}`);
  const validator = createPayloadValidator(contract);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://placeholder').pathname !== contract.endpointPath) return false;
    const requestId = randomUUID();
    const started = Date.now();
    let version: SoapVersion = versionFromContentType(req.headers['content-type']);
    let operation = '(unknown)';

    const reply = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': CONTENT_TYPES[version], 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const fault = (input: Omit<FaultInput, 'correlationId' | 'receiverFault'>): void => {
      recorder.record({ operation, soapVersion: version, status: 'fault', code: input.code, durationMs: Date.now() - started, requestId });
      const receiverFault = RECEIVER_CODES.has(input.code);
      // SOAP 1.1 answers every fault with 500; SOAP 1.2 answers a Sender fault with 400.
      reply(version === '1.2' && !receiverFault ? 400 : 500, buildFault(version, contract, { ...input, correlationId: requestId, receiverFault }));
    };

    // The mock drains an oversized body so that the connection stays usable, as a lenient back office would.
    readBody(req, maxBody, 'drain').then(
      async (read) => {
        if (!read.ok) return fault({ code: 'MESSAGE_TOO_LARGE', message: `the request exceeds ${maxBody} bytes`, retryable: false });
        const body = read.body.toString('utf8');
        let envelope;
        try {
          envelope = parseEnvelope(body);
        } catch (error) {
          if (error instanceof EnvelopeError) return fault({ code: error.code, message: error.message, retryable: false });
          throw error;
        }
        version = envelope.version;
        if (!contentTypeMatches(version, req.headers['content-type'])) {
          return fault({ code: 'VERSION_MISMATCH', message: `a SOAP ${version} envelope needs content type ${CONTENT_TYPES[version]}`, retryable: false });
        }
        const payload = envelope.payload;
        const match = dispatcher.match({ namespace: payload.namespaceURI, localName: payload.localName }, version, requestAction(req.headers, version));
        if (!match.ok) {
          if (match.code === 'ACTION_MISMATCH') operation = dispatcher.resolve(payload.namespaceURI, payload.localName)?.name ?? operation;
          return fault({ code: match.code, message: match.message, retryable: false });
        }
        const op = match.operation;
        operation = op.name;
        const validation = validator.validateEnvelopePayload(body);
        if (!validation.valid) {
          return fault({ code: 'SCHEMA_VIOLATION', message: validation.issues[0]?.message ?? 'the request does not match the schema', retryable: false });
        }

        const decision = faults.decide(op.name, clock.now());
        if (decision.delayMs > 0) await delay(decision.delayMs);
        if (decision.kind !== 'pass') {
          recorder.inject(op.name, decision.kind);
          if (decision.kind === 'fault') return fault({ code: decision.code, message: `${contract.name} is not available (${decision.reason})`, retryable: true });
          if (decision.kind === 'http5xx') return void res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('service unavailable\n');
          if (decision.kind === 'reset') return void res.socket?.destroy();
          res.writeHead(200, { 'content-type': CONTENT_TYPES[version], 'content-length': '4096' });
          res.write('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>');
          return void res.socket?.destroy();
        }
        try {
          const request = dispatcher.decode(payload);
          const xml = await invokeOperation(dispatcher, op, version, request, handlers[op.name]!, { operation: op.name, soapVersion: version, requestId });
          recorder.record({ operation, soapVersion: version, status: 'ok', durationMs: Date.now() - started, requestId });
          reply(200, xml);
        } catch (error) {
          if (error instanceof ContractFault) {
            return fault({ code: error.code, message: error.message, retryable: error.retryable, ...(error.options.field ? { field: error.options.field } : {}) });
          }
          options.onError?.(error, op.name);
          const detail = error instanceof CodecError ? 'the mock produced a response that does not fit the contract' : 'unexpected error';
          return fault({ code: 'INTERNAL_ERROR', message: detail, retryable: true });
        } finally {
          faults.release();
        }
      },
    ).catch((error: unknown) => {
      options.onError?.(error, operation);
      if (!res.headersSent) fault({ code: 'INTERNAL_ERROR', message: 'unexpected error', retryable: true });
      else res.destroy();
    });
    return true;
  };
}
