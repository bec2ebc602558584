/**
 * Support of the card mock's tests: a small hand-built Dataset, a steppable clock, and
 * calls that always encode the response with the contract codec and validate it against
 * the schema (so every test checks the wire shape of what it reads), record the XML for
 * the no-PAN check, and check that a fault's code is one the operation documents.
 */
import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { createPayloadValidator } from '../../common/contracts/validator.js';
import { loadWsdlModel, type OperationModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { createCardsMock, type CardsMock } from '../../mocks/cards/index.js';
import { RecordingSink, type ChangeNotice } from '../../mocks/push/types.js';
import type { Dataset, SeedAccount, SeedCard, SeedClient, SeedEntry } from '../../mocks/seed/dataset.js';
import { ContractFault, type Clock } from '../../mocks/server/types.js';

export const contract = findContract('cards')!;
export const codec = createContractCodec(contract);
export const validator = createPayloadValidator(contract);
export const operations: readonly OperationModel[] = loadWsdlModel(contract).operations;
const operationsByName = new Map(operations.map((operation) => [operation.name, operation]));

const cacheControl = findContract('cache-control')!;
const cacheControlCodec = createContractCodec(cacheControl);
const cacheControlValidator = createPayloadValidator(cacheControl);

/** Independent of the mock's own implementation on purpose. */
export function isLuhnValid(pan: string): boolean {
  let sum = 0;
  [...pan].reverse().forEach((character, index) => {
    let digit = Number(character);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  });
  return /^[0-9]{12,19}$/.test(pan) && sum % 10 === 0;
}

function withCheckDigit(body: string): string {
  for (let check = 0; check <= 9; check += 1) if (isLuhnValid(`${body}${check}`)) return `${body}${check}`;
  throw new Error('unreachable');
}

export const ANNA = 'cli-anna';
export const IVAN = 'cli-ivan';
export const KYC_PENDING = 'cli-kyc';
export const NO_CARDS = 'cli-empty';

export const PANS = {
  annaDebit: withCheckDigit('427683000000123'),
  annaIssued: withCheckDigit('535110000000456'),
  annaCredit: withCheckDigit('455987000000789'),
  annaExpired: withCheckDigit('427683000000999'),
  ivan: withCheckDigit('220070000000321'),
  kycVirtual: withCheckDigit('427683000000555'),
};

const address = { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' };

function client(clientId: string, givenName: string, familyName: string, kycStatus: SeedClient['kycStatus']): SeedClient {
  return {
    clientId,
    clientNumber: clientId.replace(/[^a-z]/g, '').toUpperCase().padEnd(4, 'X'),
    locale: 'en',
    language: 'en',
    givenName,
    familyName,
    birthDate: '1985-04-12',
    segment: 'RETAIL',
    phone: '+4915112345678',
    email: `${clientId}@example.com`,
    address,
    kycStatus,
    since: '2015-01-01',
  };
}

function account(accountId: string, clientId: string, currency: string, type: SeedAccount['type']): SeedAccount {
  return { accountId, clientId, iban: 'DE89370400440532013000', currency, type, productCode: 'CUR', productName: 'Current', openingDate: '2015-01-01', creditLine: 0n };
}

function card(cardId: string, clientId: string, accountId: string, pan: string, rest: Partial<SeedCard> = {}): SeedCard {
  return { cardId, clientId, accountId, pan, scheme: 'VISA', type: 'DEBIT', form: 'PHYSICAL', expiry: '2029-08', status: 'ACTIVE', embossedName: 'ANNA SCHMIDT', creditLimit: 0n, ...rest };
}

function cardEntry(entryReference: string, bookingDate: string, amount: bigint, direction: 'CRDT' | 'DBIT', counterpartyName: string, mcc: string): SeedEntry {
  return { accountId: 'acc-anna-eur', entryReference, bookingDate, valueDate: bookingDate, amount, direction, kind: 'CARD_PAYMENT', counterpartyName, merchantCategoryCode: mcc, cardId: 'card-anna-debit' };
}

export function buildDataset(): Dataset {
  return {
    seed: 7,
    clients: [
      client(ANNA, 'Anna', 'Schmidt', 'VERIFIED'),
      { ...client(IVAN, 'Иван', 'Петров', 'VERIFIED'), locale: 'ru', language: 'ru', middleName: 'Сергеевич' },
      client(KYC_PENDING, 'Lena', 'Wolf', 'PENDING'),
      client(NO_CARDS, 'Otto', 'Brandt', 'VERIFIED'),
    ],
    accounts: [
      account('acc-anna-eur', ANNA, 'EUR', 'CURRENT'),
      account('acc-anna-sav', ANNA, 'EUR', 'SAVINGS'),
      account('acc-anna-cc', ANNA, 'EUR', 'CURRENT'),
      account('acc-ivan-rub', IVAN, 'RUB', 'CURRENT'),
      account('acc-kyc-eur', KYC_PENDING, 'EUR', 'CURRENT'),
      account('acc-empty-eur', NO_CARDS, 'EUR', 'CURRENT'),
    ],
    entries: [
      cardEntry('ent-104', '2026-11-05', 8990n, 'DBIT', 'AMZN MKTP DE', '5942'),
      cardEntry('ent-103', '2026-11-10', 1500n, 'CRDT', 'MEDIAMARKT', '5732'),
      { ...cardEntry('ent-101', '2026-11-20', 4599n, 'DBIT', 'REWE SAGT DANKE', '5411'), valueDate: '2026-11-19' },
      cardEntry('ent-102', '2026-11-22', 20000n, 'DBIT', 'ATM HAUPTBAHNHOF', '6011'),
      { accountId: 'acc-anna-eur', entryReference: 'ent-105', bookingDate: '2026-11-23', valueDate: '2026-11-23', amount: 50000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'EMPLOYER GMBH' },
      cardEntry('ent-106', '2026-11-23', 1250n, 'DBIT', 'BAECKEREI', '5462'),
    ],
    cards: [
      card('card-anna-debit', ANNA, 'acc-anna-eur', PANS.annaDebit),
      card('card-anna-issued', ANNA, 'acc-anna-eur', PANS.annaIssued, { scheme: 'MASTERCARD', status: 'ISSUED', expiry: '2030-01' }),
      card('card-anna-credit', ANNA, 'acc-anna-cc', PANS.annaCredit, { type: 'CREDIT', expiry: '2028-05', creditLimit: 200000n }),
      card('card-anna-expired', ANNA, 'acc-anna-eur', PANS.annaExpired, { status: 'EXPIRED', expiry: '2025-03' }),
      card('card-ivan', IVAN, 'acc-ivan-rub', PANS.ivan, { scheme: 'MIR', expiry: '2028-12', embossedName: 'IVAN PETROV' }),
      card('card-kyc-virtual', KYC_PENDING, 'acc-kyc-eur', PANS.kycVirtual, { form: 'VIRTUAL', expiry: '2029-01', embossedName: 'LENA WOLF' }),
    ],
    loans: [],
    deposits: [],
  };
}

export class TestClock implements Clock {
  private instant: number;
  constructor(iso: string) {
    this.instant = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.instant);
  }
  advanceMinutes(minutes: number): void {
    this.instant += minutes * 60_000;
  }
  advanceDays(days: number): void {
    this.instant += days * 86_400_000;
  }
}

export const START = '2026-11-24T09:30:00Z';

/** Everything any test's mock answered or pushed, and every PAN any mock held: for the no-PAN check. */
export const transcripts: { readonly operation: string; readonly text: string }[] = [];
const mocks: CardsMock[] = [];

export function allPansEverHeld(): Set<string> {
  return new Set(mocks.flatMap((mock) => [...mock.state.registry.pans.allPans()]));
}

export interface TestBed {
  readonly mock: CardsMock;
  readonly sink: RecordingSink;
  readonly clock: TestClock;
}

export function setup(dataset: Dataset = buildDataset()): TestBed {
  const clock = new TestClock(START);
  const sink = new RecordingSink();
  const mock = createCardsMock({ dataset, sink, clock });
  mocks.push(mock);
  return { mock, sink, clock };
}

const context = (operation: string) => ({ operation, soapVersion: '1.1' as const, requestId: 'req-test' });

/** Calls an operation and returns its response, after checking it is schema-valid on the wire. */
export async function call(bed: TestBed, operation: string, request: PlainObject): Promise<EncodableObject> {
  const model = operationsByName.get(operation);
  const handler = bed.mock.handlers[operation];
  if (!model || !handler) throw new Error(`no operation or handler ${operation}`);
  const response = await handler(request, context(operation));
  const xml = codec.encode(model.output, response);
  const validation = validator.validateDocument(xml);
  expect(validation, `${operation} response:\n${xml}`).to.deep.equal({ valid: true });
  transcripts.push({ operation, text: xml });
  return response;
}

/** Calls an operation that must fail; returns the fault after checking its code is documented. */
export async function fault(bed: TestBed, operation: string, request: PlainObject, code: string): Promise<ContractFault> {
  const model = operationsByName.get(operation);
  const handler = bed.mock.handlers[operation];
  if (!model || !handler) throw new Error(`no operation or handler ${operation}`);
  let caught: unknown;
  try {
    await handler(request, context(operation));
  } catch (error) {
    caught = error;
  }
  expect(caught, `${operation} should fail with ${code}`).to.be.instanceOf(ContractFault);
  const contractFault = caught as ContractFault;
  expect(contractFault.code, contractFault.message).to.equal(code);
  expect(model.faultCodes, `${operation} does not document ${code}`).to.include(code);
  transcripts.push({ operation, text: contractFault.message });
  return contractFault;
}

/** Runs a fixture, keeping its JSON answer for the no-PAN check. */
export function fixture<T>(name: string, run: () => T): T {
  const result = run();
  transcripts.push({ operation: `fixture ${name}`, text: JSON.stringify(result) });
  return result;
}

/** A value at a dotted path ("card.limit.0.amount.amount"). */
export function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function list(value: unknown, path: string): Record<string, unknown>[] {
  const found = pick(value, path);
  if (found === undefined) return [];
  if (!Array.isArray(found)) throw new Error(`${path} is not a list`);
  return found as Record<string, unknown>[];
}

/**
 * Checks the pushed notices: each a valid CacheControl ChangeEvent (wrapped as the push
 * module does), of a type the CARDS source may publish, on the right aggregate.
 */
export function checkNotices(notices: readonly ChangeNotice[]): void {
  if (notices.length === 0) return;
  const events = notices.map((notice, index) => ({
    eventId: `evt-${index + 1}`,
    sourceSystem: 'CARDS',
    aggregate: { aggregateType: notice.aggregateType, aggregateId: notice.aggregateId },
    sequence: String(index + 1),
    occurredAt: notice.occurredAt.toISOString(),
    schemaVersion: '1.0',
    ...notice.payload,
  }));
  const xml = cacheControlCodec.encode(`{${cacheControl.namespace}}PublishEvents`, { event: events });
  expect(cacheControlValidator.validateDocument(xml), xml).to.deep.equal({ valid: true });
  transcripts.push({ operation: 'push', text: xml });
  for (const notice of notices) {
    if ('cardStatusChanged' in notice.payload) {
      expect(notice.aggregateType).to.equal('CARD');
      expect(notice.aggregateId).to.equal(pick(notice.payload.cardStatusChanged, 'cardId'));
    } else if ('transactionPosted' in notice.payload) {
      expect(notice.aggregateType).to.equal('ACCOUNT');
      expect(notice.aggregateId).to.equal(pick(notice.payload.transactionPosted, 'transaction.accountId'));
      expect(pick(notice.payload.transactionPosted, 'transaction.kind')).to.equal('CARD_PAYMENT');
    } else {
      expect.fail(`the card system may not publish ${Object.keys(notice.payload).join(', ')}`);
    }
  }
}

/** The cardStatusChanged payloads pushed for one card, in order. */
export function statusEvents(sink: RecordingSink, cardId: string): Record<string, unknown>[] {
  return sink.notices
    .filter((notice) => 'cardStatusChanged' in notice.payload && notice.aggregateId === cardId)
    .map((notice) => ('cardStatusChanged' in notice.payload ? (notice.payload.cardStatusChanged as Record<string, unknown>) : {}));
}

/** The transactionPosted entries pushed, in order. */
export function postedEntries(sink: RecordingSink): Record<string, unknown>[] {
  return sink.notices.flatMap((notice) => ('transactionPosted' in notice.payload ? [pick(notice.payload.transactionPosted, 'transaction') as Record<string, unknown>] : []));
}
