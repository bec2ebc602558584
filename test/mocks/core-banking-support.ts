/** A small hand-built bank for the core banking mock tests, and helpers to call its handlers. */
import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { createCoreBankingMock, type CoreBankingMock } from '../../mocks/core-banking/index.js';
import { makeIban } from '../../mocks/seed/iban.js';
import { RecordingSink } from '../../mocks/push/types.js';
import type { Dataset, SeedClient } from '../../mocks/seed/dataset.js';
import { ContractFault } from '../../mocks/server/types.js';

export const contract = findContract('core-banking')!;

/** A clock the tests move by hand. */
export class ManualClock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(iso: string): void {
    this.instant = new Date(iso);
  }
  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}

export const START = '2026-11-24T09:30:00Z';
export const TODAY = '2026-11-24';
export const OUR_BANK = '37040044';
export const iban = (account: string): string => makeIban('DE', `${OUR_BANK}${account.padStart(10, '0')}`);
/** Accounts at other banks. */
export const DOMESTIC_IBAN = makeIban('DE', '120300000000202051');
export const FOREIGN_IBAN = makeIban('FR', '30006000011234567890189');
export const BROKEN_IBAN = DOMESTIC_IBAN.slice(0, 2) + (DOMESTIC_IBAN.slice(2, 4) === '00' ? '01' : '00') + DOMESTIC_IBAN.slice(4);

function client(clientId: string, givenName: string, familyName: string, kycStatus: SeedClient['kycStatus']): SeedClient {
  return {
    clientId,
    clientNumber: `N${clientId.replace(/\W/g, '')}`.toUpperCase(),
    locale: 'de',
    language: 'de',
    givenName,
    familyName,
    birthDate: '1985-04-12',
    segment: 'RETAIL',
    phone: '+4915112345678',
    email: `${givenName.toLowerCase()}@example.com`,
    address: { line: ['Hauptstrasse 1'], city: 'Berlin', postalCode: '10115', country: 'DE' },
    kycStatus,
    since: '2020-01-01',
  };
}

export function dataset(): Dataset {
  return {
    seed: 1,
    clients: [client('C1', 'Anna', 'Schmidt', 'VERIFIED'), client('C2', 'Boris', 'Ivanov', 'VERIFIED'), client('C3', 'Karl', 'Neumann', 'PENDING')],
    accounts: [
      { accountId: 'A1', clientId: 'C1', iban: iban('1'), currency: 'EUR', type: 'CURRENT', productCode: 'CUR-EUR', productName: 'Everyday Account EUR', openingDate: '2025-01-10', creditLine: 50_000n },
      { accountId: 'A2', clientId: 'C1', iban: iban('2'), currency: 'USD', type: 'CURRENT', productCode: 'CUR-USD', productName: 'Everyday Account USD', openingDate: '2025-02-01', creditLine: 0n },
      { accountId: 'A3', clientId: 'C2', iban: iban('3'), currency: 'EUR', type: 'CURRENT', productCode: 'CUR-EUR', productName: 'Everyday Account EUR', openingDate: '2025-03-01', creditLine: 0n },
      { accountId: 'A4', clientId: 'C2', iban: iban('4'), currency: 'EUR', type: 'SAVINGS', productCode: 'SAV-EUR', productName: 'Savings Account EUR', openingDate: '2025-03-01', creditLine: 0n },
      { accountId: 'A5', clientId: 'C3', iban: iban('5'), currency: 'EUR', type: 'CURRENT', productCode: 'CUR-EUR', productName: 'Everyday Account EUR', openingDate: '2025-04-01', creditLine: 0n },
    ],
    entries: [
      { accountId: 'A1', entryReference: 'S-A1-1', bookingDate: '2026-10-01', valueDate: '2026-10-01', amount: 300_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Employer GmbH', counterpartyIban: DOMESTIC_IBAN, remittanceInformation: 'Salary October' },
      { accountId: 'A1', entryReference: 'S-A1-2', bookingDate: '2026-10-05', valueDate: '2026-10-04', amount: 4_590n, direction: 'DBIT', kind: 'CARD_PAYMENT', counterpartyName: 'REWE Markt', merchantCategoryCode: '5411', cardId: 'CARD-1' },
      { accountId: 'A1', entryReference: 'S-A1-3', bookingDate: '2026-11-02', valueDate: '2026-11-02', amount: 300_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Employer GmbH', remittanceInformation: 'Salary November' },
      { accountId: 'A1', entryReference: 'S-A1-4', bookingDate: '2026-11-10', valueDate: '2026-11-10', amount: 120_000n, direction: 'DBIT', kind: 'TRANSFER', counterpartyName: 'Landlord', remittanceInformation: 'Rent' },
      { accountId: 'A2', entryReference: 'S-A2-1', bookingDate: '2026-10-15', valueDate: '2026-10-15', amount: 100_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'US Client Inc' },
      { accountId: 'A3', entryReference: 'S-A3-1', bookingDate: '2026-09-01', valueDate: '2026-09-01', amount: 50_000n, direction: 'CRDT', kind: 'OTHER', counterpartyName: 'Cash deposit' },
      { accountId: 'A4', entryReference: 'S-A4-1', bookingDate: '2026-09-01', valueDate: '2026-09-01', amount: 2_000_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Boris Ivanov' },
      { accountId: 'A5', entryReference: 'S-A5-1', bookingDate: '2026-11-01', valueDate: '2026-11-01', amount: 10_000n, direction: 'CRDT', kind: 'OTHER', counterpartyName: 'Cash deposit' },
    ],
    cards: [],
    loans: [{ loanId: 'L1', clientId: 'C1', accountId: 'A1', currency: 'EUR', principal: 1_200_000n, annualRate: '7.5', termMonths: 24, startDate: '2026-01-15' }],
    deposits: [
      { depositId: 'D1', clientId: 'C2', accountId: 'A4', currency: 'EUR', principal: 1_000_000n, annualRate: '3.5', termMonths: 12, openDate: '2026-05-20', productCode: 'TD-12M' },
    ],
  };
}

export interface Bank {
  readonly mock: CoreBankingMock;
  readonly sink: RecordingSink;
  readonly clock: ManualClock;
  call(operation: string, request: PlainObject): Promise<PlainObject>;
  /** Calls an operation that must fail with `code`. */
  fails(operation: string, request: PlainObject, code: string): Promise<ContractFault>;
}

export function bank(options: { settlementDelayMs?: number } = {}): Bank {
  const sink = new RecordingSink();
  const clock = new ManualClock(new Date(START));
  const mock = createCoreBankingMock({ dataset: dataset(), sink, clock, ...options });
  const call = async (operation: string, request: PlainObject): Promise<PlainObject> => {
    const handler = mock.handlers[operation];
    if (!handler) throw new Error(`no handler ${operation}`);
    return (await handler(request, { operation, soapVersion: '1.1', requestId: 'test' })) as PlainObject;
  };
  return {
    mock,
    sink,
    clock,
    call,
    fails: async (operation, request, code) => {
      let failure: unknown;
      try {
        await call(operation, request);
      } catch (error) {
        failure = error;
      }
      expect(failure, `${operation} should fail with ${code}`).to.be.instanceOf(ContractFault);
      expect((failure as ContractFault).code, (failure as ContractFault).message).to.equal(code);
      return failure as ContractFault;
    },
  };
}

export function transferRequest(overrides: Partial<Record<string, unknown>> = {}, key = 'key-transfer-0001'): PlainObject {
  return {
    idempotencyKey: key,
    transfer: {
      clientId: 'C1',
      debtorAccountId: 'A1',
      creditor: { account: { accountId: 'A3' }, name: 'Boris Ivanov' },
      amount: { amount: '100.00', currency: 'EUR' },
      remittanceInformation: 'Dinner',
      channel: 'MOBILE',
      ...overrides,
    } as PlainObject,
  };
}

/** Path into a plain response. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) current = (current as Record<string | number, unknown>)[step];
  return current;
}

export function balancesOf(response: PlainObject): Record<string, string> {
  const list = (response.balance ?? at(response, 'account', 'balance')) as { type: string; amount: { amount: string } }[];
  return Object.fromEntries(list.map((balance) => [balance.type, balance.amount.amount]));
}
