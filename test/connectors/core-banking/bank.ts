/**
 * The small bank behind the saved CoreBanking responses and the end-to-end tests: three
 * clients, accounts in EUR, JPY (no minor unit) and KWD (three decimals), entries, a loan
 * in EUR and an overdue one in JPY, a term deposit in EUR and a legacy one in KWD.
 */
import { findContract } from '../../../common/contracts/catalog.js';
import type { Dataset, SeedClient } from '../../../mocks/seed/dataset.js';
import { makeIban } from '../../../mocks/seed/iban.js';

export const contract = findContract('core-banking')!;

/** The instant of the recording (a Tuesday, a business day). */
export const NOW = '2026-11-24T09:30:00Z';

const OUR_BANK = '37040044';
export const ibanOf = (account: string): string => makeIban('DE', `${OUR_BANK}${account.padStart(10, '0')}`);
/** An account at another German bank (DOMESTIC) and at a French one (INTERNATIONAL). */
export const DOMESTIC_IBAN = makeIban('DE', '120300000000202051');
export const FOREIGN_IBAN = makeIban('FR', '30006000011234567890189');
/** Well-formed, wrong check digits. */
export const INVALID_IBAN = DOMESTIC_IBAN.slice(0, 2) + (DOMESTIC_IBAN.slice(2, 4) === '00' ? '01' : '00') + DOMESTIC_IBAN.slice(4);

function client(clientId: string, givenName: string, familyName: string): SeedClient {
  return {
    clientId,
    clientNumber: `N${clientId}`,
    locale: 'de',
    language: 'de',
    givenName,
    familyName,
    birthDate: '1985-04-12',
    segment: 'RETAIL',
    phone: '+4915112345678',
    email: `${givenName.toLowerCase()}@example.com`,
    address: { line: ['Hauptstrasse 1'], city: 'Berlin', postalCode: '10115', country: 'DE' },
    kycStatus: 'VERIFIED',
    since: '2020-01-01',
  };
}

export function bankDataset(): Dataset {
  return {
    seed: 1,
    clients: [client('C1', 'Anna', 'Schmidt'), client('C2', 'Boris', 'Ivanov'), client('C3', 'Karl', 'Neumann')],
    accounts: [
      { accountId: 'A1', clientId: 'C1', iban: ibanOf('1'), currency: 'EUR', type: 'CURRENT', productCode: 'CUR-EUR', productName: 'Everyday Account EUR', openingDate: '2025-01-10', creditLine: 50_000n },
      { accountId: 'A2', clientId: 'C1', iban: ibanOf('2'), currency: 'JPY', type: 'CURRENT', productCode: 'CUR-JPY', productName: 'Everyday Account JPY', openingDate: '2025-02-01', creditLine: 0n },
      { accountId: 'A3', clientId: 'C2', iban: ibanOf('3'), currency: 'KWD', type: 'CURRENT', productCode: 'CUR-KWD', productName: 'Everyday Account KWD', openingDate: '2025-03-01', creditLine: 0n },
      { accountId: 'A4', clientId: 'C2', iban: ibanOf('4'), currency: 'EUR', type: 'SAVINGS', productCode: 'SAV-EUR', productName: 'Savings Account EUR', openingDate: '2025-03-01', creditLine: 0n },
    ],
    entries: [
      { accountId: 'A1', entryReference: 'S-A1-1', bookingDate: '2026-10-01', valueDate: '2026-10-01', amount: 300_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Employer GmbH', counterpartyIban: DOMESTIC_IBAN, remittanceInformation: 'Salary October' },
      { accountId: 'A1', entryReference: 'S-A1-2', bookingDate: '2026-10-05', valueDate: '2026-10-04', amount: 4_590n, direction: 'DBIT', kind: 'CARD_PAYMENT', counterpartyName: 'REWE Markt', merchantCategoryCode: '5411', cardId: 'CARD-1' },
      { accountId: 'A1', entryReference: 'S-A1-3', bookingDate: '2026-11-02', valueDate: '2026-11-02', amount: 300_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Employer GmbH', remittanceInformation: 'Salary November' },
      { accountId: 'A1', entryReference: 'S-A1-4', bookingDate: '2026-11-10', valueDate: '2026-11-10', amount: 120_000n, direction: 'DBIT', kind: 'TRANSFER', counterpartyName: 'Landlord', remittanceInformation: 'Rent' },
      { accountId: 'A2', entryReference: 'S-A2-1', bookingDate: '2026-10-15', valueDate: '2026-10-15', amount: 52_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Tanaka Trading KK', remittanceInformation: 'Refund' },
      { accountId: 'A2', entryReference: 'S-A2-2', bookingDate: '2026-11-03', valueDate: '2026-11-03', amount: 1_980n, direction: 'DBIT', kind: 'CARD_PAYMENT', counterpartyName: 'Lawson Shibuya', merchantCategoryCode: '5499', cardId: 'CARD-2' },
      { accountId: 'A3', entryReference: 'S-A3-1', bookingDate: '2026-10-02', valueDate: '2026-10-02', amount: 1_250_500n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Gulf Employer WLL', remittanceInformation: 'Salary October' },
      { accountId: 'A3', entryReference: 'S-A3-2', bookingDate: '2026-10-20', valueDate: '2026-10-20', amount: 12_345n, direction: 'DBIT', kind: 'FEE', counterpartyName: 'Bank fee' },
      { accountId: 'A4', entryReference: 'S-A4-1', bookingDate: '2026-05-01', valueDate: '2026-05-01', amount: 2_000_000n, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'Boris Ivanov' },
    ],
    cards: [],
    loans: [
      { loanId: 'L1', clientId: 'C1', accountId: 'A1', currency: 'EUR', principal: 1_200_000n, annualRate: '7.5', termMonths: 24, startDate: '2026-01-15' },
      // The JPY account cannot carry the instalments: the loan is OVERDUE.
      { loanId: 'L2', clientId: 'C1', accountId: 'A2', currency: 'JPY', principal: 3_000_000n, annualRate: '2.9', termMonths: 36, startDate: '2026-03-10' },
    ],
    deposits: [
      { depositId: 'D1', clientId: 'C2', accountId: 'A4', currency: 'EUR', principal: 1_000_000n, annualRate: '3.5', termMonths: 12, openDate: '2026-05-20', productCode: 'TD-12M' },
      { depositId: 'D2', clientId: 'C2', accountId: 'A3', currency: 'KWD', principal: 1_500_250n, annualRate: '4.125', termMonths: 6, openDate: '2026-08-03', productCode: 'TD-6M-KWD' },
    ],
  };
}
