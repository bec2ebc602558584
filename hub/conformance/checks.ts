/**
 * The building blocks of a conformance suite: checks that pass or fail with a reason,
 * assertions on call outcomes, and the protocol checks every contract shares.
 */
import type { OperationModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { CONTENT_TYPES, type SoapVersion } from '../../common/soap/envelope.js';
import type { CallOutcome, ContractCaller } from './caller.js';
import type { CheckResult } from './report.js';

export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

export interface Check {
  readonly id: string;
  readonly title: string;
  run(): Promise<void>;
}

/** Runs checks one after another (many change state the next ones read). */
export async function runChecks(checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = Date.now();
    try {
      await check.run();
      results.push({ id: check.id, title: check.title, status: 'pass', durationMs: Date.now() - started });
    } catch (error) {
      const detail = error instanceof CheckFailure ? error.message : `the check itself failed: ${(error as Error).message}`;
      results.push({ id: check.id, title: check.title, status: 'fail', detail, durationMs: Date.now() - started });
    }
  }
  return results;
}

export function fail(message: string): never {
  throw new CheckFailure(message);
}

function describeOutcome(outcome: CallOutcome): string {
  if (outcome.kind === 'fault') return `a fault ${outcome.fault.code || '(no code)'}: ${outcome.fault.message}`;
  if (outcome.kind === 'other') return `HTTP ${outcome.status}, ${outcome.reason}`;
  return `HTTP ${outcome.status} with a response`;
}

/** A schema-valid response of the operation, in the version asked, with the right content type. */
export function expectResponse(outcome: CallOutcome, op: OperationModel, version: SoapVersion = '1.1'): PlainObject {
  if (outcome.kind !== 'response') fail(`${op.name} should answer with its response, got ${describeOutcome(outcome)}`);
  if (outcome.status !== 200) fail(`${op.name} answered HTTP ${outcome.status}, expected 200`);
  if (outcome.version !== version) fail(`${op.name} answered a SOAP ${outcome.version} envelope to a SOAP ${version} request`);
  const mediaType = CONTENT_TYPES[version].split(';')[0]!;
  if (!outcome.contentType.startsWith(mediaType)) fail(`${op.name} answered content type "${outcome.contentType}", expected ${mediaType}`);
  if (!outcome.validation.valid) fail(`${op.name}'s response is not valid against the schema: ${outcome.validation.issues[0]?.message ?? ''}`);
  return outcome.value;
}

/**
 * A contract fault: ServiceFault detail valid against the schema, a code the operation
 * documents, one of `codes` when given, and the HTTP status of its SOAP version.
 */
export function expectFault(outcome: CallOutcome, op: OperationModel, codes: readonly string[] = [], version: SoapVersion = '1.1'): void {
  if (outcome.kind !== 'fault') fail(`${op.name} should answer with a fault${codes.length ? ` ${codes.join(' or ')}` : ''}, got ${describeOutcome(outcome)}`);
  if (!outcome.validation.valid) fail(`${op.name}'s fault detail is not a valid ServiceFault: ${outcome.validation.issues[0]?.message ?? ''}`);
  if (codes.length > 0 && !codes.includes(outcome.fault.code)) fail(`${op.name} answered fault ${outcome.fault.code}, expected ${codes.join(' or ')}`);
  if (!op.faultCodes.includes(outcome.fault.code)) fail(`${op.name} answered fault ${outcome.fault.code}, which its documentation does not list`);
  if (outcome.version !== version) fail(`${op.name} answered a SOAP ${outcome.version} fault to a SOAP ${version} request`);
  const receiver = /Server|Receiver/.test(outcome.fault.soapCode);
  const expectedStatus = version === '1.1' || receiver ? 500 : 400;
  if (outcome.status !== expectedStatus) fail(`${op.name} answered its fault with HTTP ${outcome.status}, expected ${expectedStatus} for SOAP ${version}`);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Reads a path like "transfer.transferId" from a decoded value. */
export function pick(value: PlainObject | undefined, path: string): string | undefined {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (Array.isArray(current)) current = current[0];
  return typeof current === 'string' ? current : undefined;
}

export function list(value: PlainObject | undefined, key: string): PlainObject[] {
  const items = value?.[key];
  return Array.isArray(items) ? (items as PlainObject[]) : items === undefined ? [] : [items as PlainObject];
}

const PAGE_LIMIT = 3;
const MAX_PAGES = 200;

/**
 * Walks a cursor-paged list with a small limit and checks the paging rules: no page
 * longer than the limit, no item on two pages (by `keyOf`), nextCursor present exactly
 * when hasMore is true, and an end. Returns every item in order.
 */
export async function pageThrough(
  fetchPage: (page: EncodableObject) => Promise<PlainObject>,
  itemsKey: string,
  keyOf: (item: PlainObject) => string,
): Promise<PlainObject[]> {
  const seen = new Set<string>();
  const items: PlainObject[] = [];
  let cursor: string | undefined;
  for (let pageNumber = 0; pageNumber < MAX_PAGES; pageNumber += 1) {
    const value = await fetchPage({ limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) });
    const page = list(value, itemsKey);
    if (page.length > PAGE_LIMIT) fail(`a page of limit ${PAGE_LIMIT} held ${page.length} items`);
    for (const item of page) {
      const key = keyOf(item);
      if (seen.has(key)) fail(`${key} appeared on two pages`);
      seen.add(key);
      items.push(item);
    }
    const hasMore = pick(value, 'page.hasMore') === 'true';
    cursor = pick(value, 'page.nextCursor');
    if (hasMore !== (cursor !== undefined)) fail('nextCursor must be present exactly when hasMore is true');
    if (!hasMore) return items;
  }
  return fail(`paging did not end after ${MAX_PAGES} pages`);
}

/** The protocol rules every contract shares, checked with one simple read operation. */
export function protocolChecks(caller: ContractCaller, operation: string, request: () => EncodableObject): Check[] {
  const op = caller.operations.get(operation)!;
  const prefix = `${caller.contract.id}.protocol`;
  return [
    {
      id: `${prefix}.soap12`,
      title: `${operation} over SOAP 1.2 answers a SOAP 1.2 envelope`,
      run: async () => void expectResponse(await caller.call(operation, request(), { version: '1.2' }), op, '1.2'),
    },
    {
      id: `${prefix}.soap12-fault`,
      title: 'a SOAP 1.2 request with the wrong action gets a SOAP 1.2 ACTION_MISMATCH fault (HTTP 400)',
      run: async () => expectFault(await caller.call(operation, request(), { version: '1.2', action: `${caller.contract.namespace}/Nope` }), op, ['ACTION_MISMATCH'], '1.2'),
    },
    {
      id: `${prefix}.action`,
      title: 'a SOAP 1.1 request whose SOAPAction names another operation gets ACTION_MISMATCH',
      run: async () => expectFault(await caller.call(operation, request(), { action: `${caller.contract.namespace}/Nope` }), op, ['ACTION_MISMATCH']),
    },
    {
      id: `${prefix}.malformed`,
      title: 'a request that is not well-formed XML gets MALFORMED_REQUEST',
      run: async () => expectFault(await caller.call(operation, {}, { rawBody: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' }), op, ['MALFORMED_REQUEST']),
    },
    {
      id: `${prefix}.dtd`,
      title: 'a request with a DOCTYPE gets DTD_FORBIDDEN',
      run: async () => {
        const body = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>&e;</x></soap:Body></soap:Envelope>`;
        expectFault(await caller.call(operation, {}, { rawBody: body }), op, ['DTD_FORBIDDEN']);
      },
    },
    {
      id: `${prefix}.schema`,
      title: 'a request that breaks the schema gets SCHEMA_VIOLATION',
      run: async () => {
        const valid = caller.encodeRequest(operation, request());
        const broken = valid.replace(/(<[a-z]+:[A-Za-z]+[^>]*>)/, '$1<unexpectedElement>1</unexpectedElement>');
        const body = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${broken}</soap:Body></soap:Envelope>`;
        expectFault(await caller.call(operation, {}, { rawBody: body }), op, ['SCHEMA_VIOLATION']);
      },
    },
  ];
}
