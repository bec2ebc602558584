/**
 * The small bank the connector tests run the mock back offices on (cards and CRM alike):
 * clients whose accounts are in EUR (2 decimals), JPY (0) and KWD (3), so that every
 * mapping of money meets each kind of currency, cards in several statuses, and settled
 * card payments. The fixtures under test/connectors/fixtures/ were captured from mocks
 * started with this dataset and CLOCK_START (capture-fixtures.ts).
 */
import type { Dataset, SeedAccount, SeedCard, SeedClient, SeedEntry } from '../../../mocks/seed/dataset.js';

/** The mocks' clock at the start of a capture or an end-to-end test. */
export const CLOCK_START = new Date('2026-11-24T09:30:00Z');

/** A clock the test moves on explicitly. */
export class SteppingClock {
  private current: number;
  constructor(start: Date = CLOCK_START) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}

export const ANNA = 'CL-ANNA';
export const KENJI = 'CL-KENJI';
export const FAHAD = 'CL-FAHAD';
export const LENA = 'CL-LENA';

/** A phone number two clients share (SearchClients finds both). */
export const SHARED_PHONE = '+971501234567';

export const ACCOUNTS = { annaEur: 'AC-ANNA-EUR', annaCard: 'AC-ANNA-CC', kenjiJpy: 'AC-KENJI-JPY', fahadKwd: 'AC-FAHAD-KWD', lenaEur: 'AC-LENA-EUR' } as const;

export const CARDS = {
  annaDebit: 'CD-ANNA-DEBIT',
  annaCredit: 'CD-ANNA-CREDIT',
  annaIssued: 'CD-ANNA-ISSUED',
  annaSpare: 'CD-ANNA-SPARE',
  annaExpired: 'CD-ANNA-EXPIRED',
  kenjiDebit: 'CD-KENJI-DEBIT',
  fahadCredit: 'CD-FAHAD-CREDIT',
} as const;

function luhn(body: string): string {
  for (let check = 0; check <= 9; check += 1) {
    const pan = `${body}${check}`;
    let sum = 0;
    [...pan].reverse().forEach((character, index) => {
      let digit = Number(character);
      if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    });
    if (sum % 10 === 0) return pan;
  }
  throw new Error('unreachable');
}

/** The full PANs exist only inside the card mock; the tests check that none leaves it. */
export const PANS: Readonly<Record<keyof typeof CARDS, string>> = {
  annaDebit: luhn('427683000010001'),
  annaCredit: luhn('547712000010002'),
  annaIssued: luhn('535110000010003'),
  annaSpare: luhn('427683000010004'),
  annaExpired: luhn('427683000010005'),
  kenjiDebit: luhn('621483000010006'),
  fahadCredit: luhn('455987000010007'),
};

function client(clientId: string, rest: Partial<SeedClient> & Pick<SeedClient, 'givenName' | 'familyName'>): SeedClient {
  return {
    clientId,
    clientNumber: `1000${clientId.replace(/[^A-Z]/g, '')}`.slice(0, 20),
    locale: 'en',
    language: 'en',
    birthDate: '1985-04-12',
    segment: 'RETAIL',
    phone: '+4915112345678',
    email: `${clientId.toLowerCase()}@example.com`,
    address: { line: ['Hauptstrasse 5'], city: 'Berlin', postalCode: '10115', country: 'DE' },
    kycStatus: 'VERIFIED',
    since: '2015-01-01',
    ...rest,
  };
}

function account(accountId: string, clientId: string, currency: string): SeedAccount {
  return { accountId, clientId, iban: 'DE89370400440532013000', currency, type: 'CURRENT', productCode: 'CUR', productName: 'Current account', openingDate: '2015-01-01', creditLine: 0n };
}

function card(key: keyof typeof CARDS, clientId: string, accountId: string, rest: Partial<SeedCard>): SeedCard {
  return { cardId: CARDS[key], clientId, accountId, pan: PANS[key], scheme: 'VISA', type: 'DEBIT', form: 'PHYSICAL', expiry: '2029-08', status: 'ACTIVE', embossedName: 'ANNA SCHMIDT', creditLimit: 0n, ...rest };
}

function opening(accountId: string, amount: bigint): SeedEntry {
  return { accountId, entryReference: `${accountId}-00001`, bookingDate: '2026-01-02', valueDate: '2026-01-02', amount, direction: 'CRDT', kind: 'TRANSFER', counterpartyName: 'OPENING BALANCE' };
}

function cardPayment(accountId: string, cardId: string, sequence: number, bookingDate: string, amount: bigint, direction: 'CRDT' | 'DBIT', merchant: string, mcc: string): SeedEntry {
  return {
    accountId,
    entryReference: `${accountId}-${String(sequence).padStart(5, '0')}`,
    bookingDate,
    valueDate: bookingDate,
    amount,
    direction,
    kind: 'CARD_PAYMENT',
    counterpartyName: merchant,
    merchantCategoryCode: mcc,
    cardId,
  };
}

export function connectorDataset(): Dataset {
  return {
    seed: 11,
    clients: [
      client(ANNA, { givenName: 'Anna', middleName: 'Maria', familyName: 'Schmidt', locale: 'de', language: 'de', segment: 'PREMIUM' }),
      client(KENJI, { givenName: 'Kenji', familyName: 'Tanaka', segment: 'PREMIUM', phone: SHARED_PHONE, address: { line: ['1-2-3 Shibuya', 'Apt 405'], city: 'Tokyo', postalCode: '150-0002', country: 'JP' } }),
      client(FAHAD, { givenName: 'Fahad', familyName: 'Al-Sabah', phone: SHARED_PHONE, address: { line: ['Block 3, Street 12'], city: 'Kuwait City', postalCode: '13001', country: 'KW' } }),
      client(LENA, { givenName: 'Lena', familyName: 'Wolf', kycStatus: 'PENDING', language: 'de-AT', locale: 'de' }),
    ],
    accounts: [
      account(ACCOUNTS.annaEur, ANNA, 'EUR'),
      account(ACCOUNTS.annaCard, ANNA, 'EUR'),
      account(ACCOUNTS.kenjiJpy, KENJI, 'JPY'),
      account(ACCOUNTS.fahadKwd, FAHAD, 'KWD'),
      account(ACCOUNTS.lenaEur, LENA, 'EUR'),
    ],
    entries: [
      opening(ACCOUNTS.annaEur, 500_000n),
      cardPayment(ACCOUNTS.annaEur, CARDS.annaDebit, 2, '2026-11-05', 8_990n, 'DBIT', 'AMZN MKTP DE', '5942'),
      cardPayment(ACCOUNTS.annaEur, CARDS.annaDebit, 3, '2026-11-10', 1_500n, 'CRDT', 'MEDIAMARKT', '5732'),
      cardPayment(ACCOUNTS.annaEur, CARDS.annaDebit, 4, '2026-11-20', 4_599n, 'DBIT', 'REWE SAGT DANKE', '5411'),
      cardPayment(ACCOUNTS.annaEur, CARDS.annaDebit, 5, '2026-11-22', 20_000n, 'DBIT', 'ATM HAUPTBAHNHOF', '6011'),
      opening(ACCOUNTS.kenjiJpy, 3_000_000n),
      cardPayment(ACCOUNTS.kenjiJpy, CARDS.kenjiDebit, 2, '2026-11-18', 1_280n, 'DBIT', 'LAWSON SHIBUYA', '5411'),
      opening(ACCOUNTS.fahadKwd, 2_500_000n),
      cardPayment(ACCOUNTS.fahadKwd, CARDS.fahadCredit, 2, '2026-11-19', 12_345n, 'DBIT', 'SULTAN CENTER', '5411'),
      opening(ACCOUNTS.lenaEur, 100_000n),
    ],
    cards: [
      card('annaDebit', ANNA, ACCOUNTS.annaEur, {}),
      card('annaCredit', ANNA, ACCOUNTS.annaCard, { scheme: 'MASTERCARD', type: 'CREDIT', expiry: '2028-05', creditLimit: 250_000n }),
      card('annaIssued', ANNA, ACCOUNTS.annaEur, { scheme: 'MASTERCARD', status: 'ISSUED', expiry: '2030-01' }),
      card('annaSpare', ANNA, ACCOUNTS.annaEur, { form: 'VIRTUAL', expiry: '2029-11' }),
      card('annaExpired', ANNA, ACCOUNTS.annaEur, { status: 'EXPIRED', expiry: '2025-03' }),
      card('kenjiDebit', KENJI, ACCOUNTS.kenjiJpy, { scheme: 'UNIONPAY', embossedName: 'KENJI TANAKA', expiry: '2030-06' }),
      card('fahadCredit', FAHAD, ACCOUNTS.fahadKwd, { type: 'CREDIT', embossedName: 'FAHAD AL-SABAH', expiry: '2029-02', creditLimit: 1_500_000n }),
    ],
    loans: [],
    deposits: [],
  };
}
