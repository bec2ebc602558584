/**
 * The hardened SOAP ingress: every SOAP endpoint the hub hosts answers through it. Stages,
 * in order, each refusing with a HubError rendered by renderSoapFault, before the handler
 * is ever called:
 *   1. body size            MESSAGE_TOO_LARGE (reading stops; the connection is closed)
 *   2. DOCTYPE / DTD        DTD_FORBIDDEN     } one streaming scan before any tree is built
 *   3. structural limits    MESSAGE_TOO_COMPLEX }   (xml-scan.ts)
 *      well-formedness      MALFORMED_REQUEST (libxml2, the one parse of the request)
 *   4. envelope version and content type   VERSION_MISMATCH
 *   5. operation and action UNKNOWN_OPERATION, ACTION_MISMATCH
 *   6. mustUnderstand       MUST_UNDERSTAND
 *   7. WS-Security          AUTHENTICATION_FAILED, TOKEN_EXPIRED, TOKEN_REPLAYED, SIGNATURE_INVALID
 *   8. XSD of the payload   SCHEMA_VIOLATION (with the field)
 *   9. handler → response envelope of the request's SOAP version
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { XmlLibError } from 'libxml2-wasm';
import { createContractHandler } from '../../common/contracts/http.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import type { OperationModel } from '../../common/contracts/wsdl-model.js';
import { CodecError, type PlainObject } from '../../common/soap/codec.js';
import { createOperationDispatcher, invokeOperation } from '../../common/soap/dispatch.js';
import { CMN_NS, CONTENT_TYPES, type SoapVersion } from '../../common/soap/envelope.js';
import { DEFAULT_MAX_BODY_BYTES, charsetOf, contentTypeMatches, readBody, requestAction, versionFromContentType } from '../../common/soap/http.js';
import { HubError } from '../errors/catalog.js';
import { renderSoapFault } from '../errors/render.js';
import { checkMustUnderstand, readEnvelope, type HeaderBlock } from './envelope.js';
import { checkRawAccess, childRef, contentOf, nodeReader, parseUntrusted, refOf } from './libxml.js';
import { schemaField } from './schema-field.js';
import { createSecurityStage } from './security.js';
import type { IngressContext, SoapIngress, SoapIngressOptions } from './types.js';
import { WSSE_NS } from './wss.js';
import { DEFAULT_STRUCTURAL_LIMITS, scanXml, type StructuralLimits } from './xml-scan.js';

/** The header blocks the hub processes; any other one marked mustUnderstand is refused. */
const UNDERSTOOD = new Set([`{${WSSE_NS}}Security`, `{${CMN_NS}}TraceContext`]);
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** What is known of a request as it moves through the stages; faults and logs use it. */
interface RequestState {
  readonly correlationId: string;
  /** From the content type until the envelope is read, then the envelope's own. */
  version: SoapVersion;
  operation?: string;
}

interface Accepted {
  readonly operation: OperationModel;
  readonly request: PlainObject;
  readonly context: IngressContext;
}

export function createSoapIngress(options: SoapIngressOptions): SoapIngress {
  const { contract, handlers, logger } = options;
  const dispatcher = createOperationDispatcher(contract);
  const missing = [...dispatcher.operations.keys()].filter((name) => !handlers[name]);
  if (missing.length > 0) throw new Error(`the ${contract.name} ingress has no handler for ${missing.join(', ')}`);
  checkRawAccess();
  const validator = createPayloadValidator(contract);
  const security = createSecurityStage(options.security);
  const maxBodyBytes = options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limits: StructuralLimits = { ...DEFAULT_STRUCTURAL_LIMITS, ...definedOnly(options.limits ?? {}) };
  for (const [name, value] of Object.entries({ maxBodyBytes, ...limits })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`the ingress limit ${name} must be a positive whole number, got ${value}`);
  }
  const wsdl = options.wsdl === false ? undefined : createContractHandler({ contracts: [contract], ...(options.wsdl?.publicUrl ? { publicUrl: options.wsdl.publicUrl } : {}) });

  /** Stages 2–8 on the body text; the parsed documents are disposed before the handler runs. */
  const accept = (bytes: Buffer, req: IncomingMessage, state: RequestState): Accepted => {
    const text = bytes.toString('utf8');
    scanXml(text, limits);
    let document: XmlDocument;
    try {
      document = parseUntrusted(bytes);
    } catch (error) {
      const detail = error instanceof XmlLibError ? error.details[0]?.message.trim() : undefined;
      throw new HubError('MALFORMED_REQUEST', `the request is not well-formed XML${detail ? `: ${detail}` : ''}`);
    }
    let signed: XmlDocument | undefined;
    try {
      const envelope = readEnvelope(document);
      const version = envelope.version;
      state.version = version;
      const contentType = req.headers['content-type'];
      if (!contentTypeMatches(version, contentType)) {
        throw new HubError('VERSION_MISMATCH', `a SOAP ${version} envelope needs the content type ${CONTENT_TYPES[version]}`);
      }
      const charset = charsetOf(contentType);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new HubError('VERSION_MISMATCH', 'requests must be encoded in UTF-8');
      const match = dispatcher.match({ namespace: envelope.payload.namespaceUri, localName: envelope.payload.name }, version, requestAction(req.headers, version));
      if (!match.ok) throw new HubError(match.code, match.message);
      state.operation = match.operation.name;
      checkMustUnderstand(envelope.headers, UNDERSTOOD);

      const auth = security.authenticate(envelope.headers, text, version, 'encrypted' in req.socket && req.socket.encrypted === true);
      let payload: XmlElement = envelope.payload;
      if (auth.method === 'X509') {
        signed = auth.document;
        payload = auth.payload;
        if (dispatcher.resolve(payload.namespaceUri, payload.name) !== match.operation) throw new HubError('SIGNATURE_INVALID', 'the signed Body is not the request of this operation');
      }

      const validation = validator.validateElement(payload);
      if (!validation.valid) {
        const issue = validation.issues[0];
        const field = issue ? schemaField(issue, payload) : undefined;
        throw new HubError('SCHEMA_VIOLATION', issue?.message ?? 'the request does not match the schema', field ? { field } : {});
      }
      let request: PlainObject;
      try {
        request = dispatcher.codec.decode(refOf(payload), nodeReader());
      } catch (error) {
        if (error instanceof CodecError) throw new HubError('SCHEMA_VIOLATION', error.message, { field: error.path });
        throw error;
      }
      const traceparent = traceparentOf(envelope.headers, req);
      return {
        operation: match.operation,
        request,
        context: { sourceSystem: auth.sourceSystem, correlationId: state.correlationId, soapVersion: version, operation: match.operation.name, ...(traceparent ? { traceparent } : {}) },
      };
    } finally {
      document.dispose();
      signed?.dispose();
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (wsdl?.(req, res)) return true;
    if (req.method !== 'POST' || pathOf(req.url) !== contract.endpointPath) return false;
    const state: RequestState = { correlationId: randomUUID(), version: versionFromContentType(req.headers['content-type']) };

    const fail = (error: unknown): void => {
      const { correlationId, operation } = state;
      if (error instanceof HubError) logger.info({ correlationId, operation, code: error.code }, 'SOAP request refused');
      else logger.error({ err: error, correlationId, operation }, 'SOAP request failed');
      if (res.headersSent) return void res.destroy();
      const fault = renderSoapFault(error, state.version, contract, correlationId);
      res.writeHead(fault.status, { 'content-type': fault.contentType, 'content-length': Buffer.byteLength(fault.body) });
      res.end(fault.body);
    };

    const run = async (): Promise<void> => {
      const read = await readBody(req, maxBodyBytes, 'stop');
      if (!read.ok) {
        // The rest of the body is never read: answer, then close the connection.
        res.setHeader('connection', 'close');
        throw new HubError('MESSAGE_TOO_LARGE', `the request is larger than ${maxBodyBytes} bytes`);
      }
      const { operation, request, context } = accept(read.body, req, state);
      let xml: string;
      try {
        xml = await invokeOperation(dispatcher, operation, state.version, request, handlers[operation.name]!, context);
      } catch (error) {
        if (error instanceof CodecError) throw new Error(`the ${operation.name} handler returned a response that does not fit the contract: ${error.message}`);
        throw error;
      }
      res.writeHead(200, { 'content-type': CONTENT_TYPES[state.version], 'content-length': Buffer.byteLength(xml) });
      res.end(xml);
    };
    run().catch(fail);
    return true;
  };

  return Object.assign(handle, {
    replayCache: () => security.replay.stats(),
    dispose: () => validator.dispose(),
  });
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

/** W3C traceparent from the cmn:TraceContext header, else from the HTTP header; an invalid one is ignored, never refused. */
function traceparentOf(headers: readonly HeaderBlock[], req: IncomingMessage): string | undefined {
  const block = headers.find((header) => header.namespace === CMN_NS && header.localName === 'TraceContext');
  const element = block ? childRef(block.element, CMN_NS, 'traceparent') : undefined;
  const fromSoap = element === undefined ? undefined : contentOf(element).trim();
  if (fromSoap && TRACEPARENT.test(fromSoap)) return fromSoap;
  const fromHttp = req.headers.traceparent;
  return typeof fromHttp === 'string' && TRACEPARENT.test(fromHttp.trim()) ? fromHttp.trim() : undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
