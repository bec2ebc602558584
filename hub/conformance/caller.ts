/**
 * Calls one operation of an implementation under test over plain HTTP and classifies
 * the answer: a response of the right element, a contract fault, or something else,
 * with schema validation of whatever came back. Deliberately no SOAP toolkit: the kit
 * must see exactly what the implementation sends.
 */
import type { Contract } from '../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator, type ValidationResult } from '../../common/contracts/validator.js';
import { loadWsdlModel, type OperationModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, MessageCodec, PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { CONTENT_TYPES, SOAP11_ENV, SOAP12_ENV, buildEnvelope, parseEnvelope, type SoapVersion } from '../../common/soap/envelope.js';
import { children } from '../../common/xml/dom.js';

export interface FaultSeen {
  readonly code: string;
  readonly message: string;
  readonly retryable: string;
  /** The SOAP-level code: Client/Server (1.1) or Sender/Receiver (1.2). */
  readonly soapCode: string;
}

export type CallOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly version: SoapVersion; readonly value: PlainObject; readonly validation: ValidationResult; readonly contentType: string }
  | { readonly kind: 'fault'; readonly status: number; readonly version: SoapVersion; readonly fault: FaultSeen; readonly validation: ValidationResult; readonly contentType: string }
  | { readonly kind: 'other'; readonly status: number; readonly reason: string; readonly contentType: string };

export interface CallOptions {
  readonly version?: SoapVersion;
  /** Override the action (SOAPAction or the 1.2 action parameter); null sends none. */
  readonly action?: string | null;
  /** Send this text as the whole body instead of an envelope built from the value. */
  readonly rawBody?: string;
  readonly timeoutMs?: number;
}

/** One HTTP exchange as the caller sees it. */
export interface Exchange {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface OutgoingRequest {
  readonly endpoint: string;
  readonly operation: string;
  /** The request value, when the body was built from one (not for raw bodies or overridden actions). */
  readonly value: EncodableObject | undefined;
  readonly version: SoapVersion;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends a request; the default posts the body as it is. Tests plug in a SOAP toolkit here. */
export type Transport = (request: OutgoingRequest) => Promise<Exchange>;

export const fetchTransport: Transport = async (request) => {
  const response = await fetch(request.endpoint, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
};

export class ContractCaller {
  readonly operations: ReadonlyMap<string, OperationModel>;
  private readonly codec: MessageCodec;
  private readonly validator: PayloadValidator;

  constructor(
    readonly contract: Contract,
    readonly endpoint: string,
    private readonly transport: Transport = fetchTransport,
  ) {
    this.operations = new Map(loadWsdlModel(contract).operations.map((op) => [op.name, op]));
    this.codec = createContractCodec(contract);
    this.validator = createPayloadValidator(contract);
  }

  dispose(): void {
    this.validator.dispose();
  }

  /** Encodes a request value; throws when the value does not fit the contract (a kit bug, not a finding). */
  encodeRequest(operation: string, value: EncodableObject): string {
    return this.codec.encode(this.operation(operation).input, value, '    ');
  }

  async call(operation: string, value: EncodableObject, options: CallOptions = {}): Promise<CallOutcome> {
    const op = this.operation(operation);
    const version = options.version ?? '1.1';
    const body = options.rawBody ?? buildEnvelope(version, this.encodeRequest(operation, value));
    const action = options.action === undefined ? `${this.contract.namespace}/${op.name}` : options.action;
    const headers: Record<string, string> =
      version === '1.1'
        ? { 'content-type': CONTENT_TYPES['1.1'], ...(action === null ? {} : { soapaction: `"${action}"` }) }
        : { 'content-type': `${CONTENT_TYPES['1.2']}${action === null ? '' : `; action="${action}"`}` };
    let exchange: Exchange;
    try {
      const plain = options.rawBody === undefined && options.action === undefined;
      exchange = await this.transport({
        endpoint: this.endpoint,
        operation,
        value: plain ? value : undefined,
        version,
        headers,
        body,
        timeoutMs: options.timeoutMs ?? 30_000,
      });
    } catch (error) {
      return { kind: 'other', status: 0, reason: `no answer: ${(error as Error).message}`, contentType: '' };
    }
    const { status, contentType, text } = exchange;
    let envelope;
    try {
      envelope = parseEnvelope(text);
    } catch (error) {
      return { kind: 'other', status, reason: `not a SOAP envelope: ${(error as Error).message}`, contentType };
    }
    const payload = envelope.payload;
    const envNs = envelope.version === '1.1' ? SOAP11_ENV : SOAP12_ENV;
    if (payload.localName === 'Fault' && payload.namespaceURI === envNs) {
      // SOAP 1.1 has an unqualified `detail`, SOAP 1.2 an `env:Detail`.
      const detailElement = children(payload).find((node) => /^detail$/i.test(node.localName ?? ''));
      const detail = detailElement ? children(detailElement)[0] : undefined;
      const field = (name: string): string => (detail && children(detail).find((node) => node.localName === name)?.textContent?.trim()) ?? '';
      const soapCode =
        envelope.version === '1.1'
          ? (children(payload).find((node) => node.localName === 'faultcode')?.textContent?.trim() ?? '')
          : (children(payload).find((node) => node.localName === 'Code')?.textContent?.trim() ?? '');
      return {
        kind: 'fault',
        status,
        version: envelope.version,
        fault: { code: field('code'), message: field('message'), retryable: field('retryable'), soapCode },
        validation: detail ? this.validator.validateEnvelopePayload(text) : { valid: false, issues: [{ message: 'the fault has no detail element', line: undefined }] },
        contentType,
      };
    }
    if (`{${payload.namespaceURI ?? ''}}${payload.localName}` !== op.output) {
      return { kind: 'other', status, reason: `expected ${op.output}, got {${payload.namespaceURI ?? ''}}${payload.localName}`, contentType };
    }
    const validation = this.validator.validateEnvelopePayload(text);
    let decoded: PlainObject = {};
    if (validation.valid) {
      try {
        decoded = this.codec.decode(payload);
      } catch (error) {
        return { kind: 'other', status, reason: `response cannot be read: ${(error as Error).message}`, contentType };
      }
    }
    return { kind: 'response', status, version: envelope.version, value: decoded, validation, contentType };
  }

  private operation(name: string): OperationModel {
    const op = this.operations.get(name);
    if (!op) throw new Error(`${this.contract.name} has no operation ${name}`);
    return op;
  }
}
