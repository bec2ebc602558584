/**
 * Test support of the CoreBanking connector: the saved responses parsed by node-soap's own
 * parser (so that the mapping gets exactly what it gets at run time), a fake caller that
 * answers from them and records each call, and node-soap's serialisation of a request
 * with its XSD validation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as soap from 'soap';
import { contractFile } from '../../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator, type ValidationResult } from '../../../common/contracts/validator.js';
import type { OperationCall, OperationCaller } from '../../../connectors/shared/types.js';
import { contract } from './bank.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'core-banking');

/**
 * The built-in types node-soap converts (to numbers, booleans, Dates) where it can resolve
 * them; a caller may keep them as the text received instead (connectors/shared does).
 */
const CONVERTED_TYPES = ['int', 'integer', 'short', 'long', 'double', 'float', 'decimal', 'bool', 'boolean', 'date', 'dateTime'];
const AS_RECEIVED = Object.fromEntries(CONVERTED_TYPES.map((type) => [type, (text: string) => text]));

export type Parsing = 'converted' | 'as-received';

const parsers = new Map<Parsing, Promise<soap.Client>>();
/** A node-soap client of the contract, only for its parser; its own WSDL object (node-soap caches them by path). */
function parsingClient(parsing: Parsing): Promise<soap.Client> {
  let client = parsers.get(parsing);
  if (!client) {
    const options: soap.IOptions = { disableCache: true, ...(parsing === 'as-received' ? { customDeserializer: AS_RECEIVED } : {}) };
    parsers.set(parsing, (client = soap.createClientAsync(contractFile(contract.wsdl), options)));
  }
  return client;
}

/**
 * The content of the response wrapper of a saved response, as node-soap hands it to the
 * caller: `<Operation>Response[.<variant>].xml` → Body/<Operation>Response. node-soap's
 * default parsing converts the values it can type; `as-received` keeps every value as text.
 */
export async function savedResponse(operation: string, variant?: string, parsing: Parsing = 'converted'): Promise<unknown> {
  const xml = readFileSync(path.join(FIXTURES, `${operation}Response${variant ? `.${variant}` : ''}.xml`), 'utf8');
  const client = await parsingClient(parsing);
  const envelope = client.wsdl.xmlToObject(xml) as { Body?: Record<string, unknown> };
  const body = envelope.Body ?? {};
  if (!(`${operation}Response` in body)) throw new Error(`the saved ${operation} response has no ${operation}Response element`);
  return body[`${operation}Response`];
}

/** A caller that answers each operation from a saved response and remembers the calls. */
export class SavedResponseCaller implements OperationCaller {
  readonly backOffice = 'core-banking' as const;
  readonly calls: OperationCall[] = [];
  /** Which saved variant answers an operation; the plain file when absent. */
  readonly variants = new Map<string, string>();

  async call(call: OperationCall): Promise<Record<string, unknown>> {
    this.calls.push(call);
    return (await savedResponse(call.operation, this.variants.get(call.operation))) as Record<string, unknown>;
  }

  get last(): OperationCall {
    const call = this.calls[this.calls.length - 1];
    if (!call) throw new Error('no call was made');
    return call;
  }
}

let serializer: Promise<{ client: soap.Client; sent: string[] }> | undefined;
/** A node-soap client whose HTTP client keeps the envelope instead of sending it. */
function serializingClient(): Promise<{ client: soap.Client; sent: string[] }> {
  return (serializer ??= (async () => {
    const sent: string[] = [];
    const httpClient = {
      request: (_url: string, data: string, callback: (error: Error) => void) => {
        sent.push(data);
        callback(new Error('kept, not sent'));
        return undefined as never;
      },
    };
    const client = await soap.createClientAsync(contractFile(contract.wsdl), { httpClient, disableCache: true } as soap.IOptions);
    return { client, sent };
  })());
}

/** The SOAP envelope that node-soap writes for this request content. */
export async function serialise(operation: string, request: Readonly<Record<string, unknown>>): Promise<string> {
  const { client, sent } = await serializingClient();
  const method = (client as unknown as Record<string, (args: unknown) => Promise<unknown>>)[`${operation}Async`];
  if (!method) throw new Error(`node-soap has no method ${operation}`);
  const before = sent.length;
  await method.call(client, request).catch(() => undefined);
  if (sent.length !== before + 1) throw new Error(`node-soap did not write the ${operation} request`);
  return sent[sent.length - 1]!;
}

let validator: PayloadValidator | undefined;
/** Validates the payload of a SOAP envelope against CoreBanking.xsd (libxml2). */
export function validatePayload(envelope: string): ValidationResult {
  validator ??= createPayloadValidator(contract);
  return validator.validateEnvelopePayload(envelope);
}

/** A Money literal. */
export const m = (minor: bigint, currency: string) => ({ minor, currency });
