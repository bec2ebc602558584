/**
 * node-soap on both sides of the connector tests (cards and CRM alike), so that what the
 * mappings build and read is exactly what node-soap writes and parses at run time:
 *
 * - FixtureCaller: an OperationCaller that serialises each request with node-soap's own
 *   client (through a transport that sends nothing), validates the serialised payload
 *   against the contract's schema, and answers a saved response envelope parsed by that
 *   same client. Every call is recorded.
 * - SoapHttpCaller: a minimal caller over real HTTP (no retries, no breaker) for the
 *   end-to-end tests against the mock back offices; a SOAP fault becomes an error coded
 *   with the fault's cmn:FaultCode, as the connectors' caller codes it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as soap from 'soap';
import { contractFile, findContract, type Contract } from '../../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator } from '../../../common/contracts/validator.js';
import type { BackOfficeId, OperationCall, OperationCaller } from '../../../connectors/shared/types.js';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function contractOf(backOffice: BackOfficeId): Contract {
  const contract = findContract(backOffice);
  if (!contract) throw new Error(`no contract ${backOffice}`);
  return contract;
}

/** The saved envelope of test/connectors/fixtures/<backOffice>/<name>.xml. */
export function fixtureXml(backOffice: BackOfficeId, name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, backOffice, `${name}.xml`), 'utf8');
}

type SoapMethod = (request: unknown, options?: unknown) => Promise<[unknown, string, unknown, string]>;

function method(client: soap.Client, operation: string): SoapMethod {
  const found = (client as unknown as Record<string, unknown>)[`${operation}Async`];
  if (typeof found !== 'function') throw new Error(`node-soap has no operation ${operation}`);
  return (found as SoapMethod).bind(client);
}

/**
 * How node-soap is set up to parse: with its defaults (it turns xs:boolean, xs:int, xs:date
 * and xs:dateTime into booleans, numbers and Dates where it can resolve the type), or
 * keeping every simple value as the text received (a customDeserializer for those types,
 * as a caller may configure it). The mappings must read both.
 */
export type ParseMode = 'node-soap defaults' | 'values kept as text';
export const PARSE_MODES: readonly ParseMode[] = ['node-soap defaults', 'values kept as text'];

const CONVERTED_TYPES = ['int', 'integer', 'short', 'long', 'double', 'float', 'decimal', 'bool', 'boolean', 'date', 'dateTime'];
const KEEP_TEXT = Object.fromEntries(CONVERTED_TYPES.map((type) => [type, (text: string) => text]));

/** disableCache: node-soap caches WSDL objects by path, and a client writes its options (the deserializers) into the shared object. */
function parseOptions(mode: ParseMode): soap.IOptions {
  return mode === 'values kept as text' ? { customDeserializer: KEEP_TEXT, disableCache: true } : { disableCache: true };
}

/** The content of the response element of a saved envelope, exactly as node-soap parses it. */
export async function parseFixture(backOffice: BackOfficeId, operation: string, name = `${operation}Response`, mode: ParseMode = 'node-soap defaults'): Promise<unknown> {
  const client = await soap.createClientAsync(contractFile(contractOf(backOffice).wsdl), parseOptions(mode));
  const parsed = client.wsdl.xmlToObject(fixtureXml(backOffice, name)) as { Body: Record<string, unknown> };
  return parsed.Body[`${operation}Response`];
}

/** A node-soap transport that sends nothing: it keeps the envelope and answers the next queued response. */
class CapturingTransport {
  sent: string | undefined;
  answer = '';

  request(_url: string, data: string, callback: (error: unknown, response?: unknown, body?: unknown) => void): void {
    this.sent = data;
    setImmediate(() => callback(null, { status: 200, statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } }, this.answer));
  }
}

export interface RecordedCall {
  readonly call: OperationCall;
  /** The request envelope node-soap wrote. */
  readonly envelope: string;
}

export class FixtureCaller implements OperationCaller {
  readonly calls: RecordedCall[] = [];
  /** Fixture file names (without .xml) to answer instead of `<operation>Response`, per operation. */
  readonly answers = new Map<string, string>();

  private constructor(
    readonly backOffice: BackOfficeId,
    private readonly client: soap.Client,
    private readonly transport: CapturingTransport,
    private readonly validator: PayloadValidator,
  ) {}

  static async create(backOffice: BackOfficeId, mode: ParseMode = 'node-soap defaults'): Promise<FixtureCaller> {
    const transport = new CapturingTransport();
    const contract = contractOf(backOffice);
    const client = await soap.createClientAsync(contractFile(contract.wsdl), {
      ...parseOptions(mode),
      httpClient: transport as unknown as soap.IHttpClient,
      endpoint: 'http://127.0.0.1:9/unused',
    });
    return new FixtureCaller(backOffice, client, transport, createPayloadValidator(contract));
  }

  get last(): RecordedCall {
    const last = this.calls[this.calls.length - 1];
    if (!last) throw new Error('no call was made');
    return last;
  }

  async call(call: OperationCall): Promise<Record<string, unknown>> {
    this.transport.answer = fixtureXml(this.backOffice, this.answers.get(call.operation) ?? `${call.operation}Response`);
    this.transport.sent = undefined;
    const [result] = await method(this.client, call.operation)(call.request);
    const envelope = this.transport.sent;
    if (envelope === undefined) throw new Error(`node-soap sent nothing for ${call.operation}`);
    this.calls.push({ call, envelope });
    const validation = this.validator.validateEnvelopePayload(envelope);
    if (!validation.valid) throw new Error(`the ${call.operation} request does not validate: ${validation.issues.map((issue) => issue.message).join('; ')}\n${envelope}`);
    return result as Record<string, unknown>;
  }

  dispose(): void {
    this.validator.dispose();
  }
}

/** A SOAP fault (or any failure) of the HTTP caller, coded like the connectors' caller codes it. */
export class SoapCallError extends Error {
  override readonly name = 'SoapCallError';
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface FaultDetail {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly retryable?: unknown;
  readonly field?: unknown;
}

function faultDetailOf(error: unknown): FaultDetail | undefined {
  const root = (error as { root?: { Envelope?: { Body?: { Fault?: { detail?: { ServiceFault?: FaultDetail }; Detail?: { ServiceFault?: FaultDetail } } } } } }).root;
  const fault = root?.Envelope?.Body?.Fault;
  return fault?.detail?.ServiceFault ?? fault?.Detail?.ServiceFault;
}

export class SoapHttpCaller implements OperationCaller {
  readonly calls: OperationCall[] = [];

  private constructor(
    readonly backOffice: BackOfficeId,
    private readonly client: soap.Client,
  ) {}

  static async create(backOffice: BackOfficeId, endpoint: string): Promise<SoapHttpCaller> {
    const client = await soap.createClientAsync(contractFile(contractOf(backOffice).wsdl), { endpoint, disableCache: true });
    return new SoapHttpCaller(backOffice, client);
  }

  async call(call: OperationCall): Promise<Record<string, unknown>> {
    this.calls.push(call);
    try {
      const [result] = await method(this.client, call.operation)(call.request, call.signal ? { signal: call.signal } : undefined);
      return result as Record<string, unknown>;
    } catch (error) {
      const detail = faultDetailOf(error);
      if (detail && typeof detail.code === 'string') {
        throw new SoapCallError(
          detail.code,
          detail.retryable === true || detail.retryable === 'true',
          typeof detail.message === 'string' ? detail.message : detail.code,
          typeof detail.field === 'string' ? detail.field : undefined,
        );
      }
      throw new SoapCallError('CONNECTION_FAILED', true, error instanceof Error ? error.message : String(error));
    }
  }
}

/** Runs a QA fixture of a running mock back office (POST /admin/fixtures/{name}) and answers its result. */
export async function runMockFixture(mockUrl: string, name: string, input: unknown = {}): Promise<unknown> {
  const response = await fetch(`${mockUrl}/admin/fixtures/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await response.json()) as { result?: unknown };
  if (response.status !== 200) throw new Error(`fixture ${name} answered ${response.status}: ${JSON.stringify(body)}`);
  return body.result;
}

/** The error a promise rejects with; fails when it fulfils. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; field?: string; retryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}
