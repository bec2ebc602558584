/**
 * The seeded bank: plain records from which each mock back office builds its state.
 * Money is bigint minor units of the record's currency; dates are ISO strings
 * (YYYY-MM-DD); identifiers are cmn:Identifier strings. The generator
 * (mocks/seed/generate.ts) makes a deterministic Dataset from --clients N --seed S.
 */

export type Locale = 'en' | 'de' | 'ru' | 'kk' | 'fr';

export interface SeedClient {
  readonly clientId: string;
  /** The bank's customer number shown to the client (crm:ClientNumber, [0-9A-Z]{4,20}). */
  readonly clientNumber: string;
  readonly locale: Locale;
  /** cmn:LanguageCode ("en", "de", "ru", "kk", "fr"). */
  readonly language: string;
  readonly givenName: string;
  readonly middleName?: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly segment: 'RETAIL' | 'PREMIUM' | 'PRIVATE' | 'SME';
  /** E.164. */
  readonly phone: string;
  readonly email: string;
  readonly address: { readonly line: readonly string[]; readonly city: string; readonly postalCode: string; readonly country: string };
  readonly kycStatus: 'NOT_STARTED' | 'PENDING' | 'VERIFIED' | 'EXPIRED' | 'REJECTED';
  /** Client since (date). */
  readonly since: string;
}

export interface SeedAccount {
  readonly accountId: string;
  readonly clientId: string;
  /** Valid ISO 13616 IBAN (mod-97 check digits). */
  readonly iban: string;
  readonly currency: string;
  readonly type: 'CURRENT' | 'SAVINGS';
  readonly productCode: string;
  readonly productName: string;
  readonly openingDate: string;
  /** Overdraft limit in minor units; 0 when none. */
  readonly creditLine: bigint;
}

/** One historical booked entry on a client account; the other leg is the bank's clearing account. */
export interface SeedEntry {
  readonly accountId: string;
  readonly entryReference: string;
  readonly bookingDate: string;
  readonly valueDate: string;
  /** Always positive. */
  readonly amount: bigint;
  readonly direction: 'CRDT' | 'DBIT';
  readonly kind: 'TRANSFER' | 'CARD_PAYMENT' | 'FEE' | 'INTEREST' | 'OTHER';
  readonly counterpartyName: string;
  readonly counterpartyIban?: string;
  readonly remittanceInformation?: string;
  readonly merchantCategoryCode?: string;
  readonly cardId?: string;
}

export interface SeedCard {
  readonly cardId: string;
  readonly clientId: string;
  readonly accountId: string;
  /** The full, Luhn-valid PAN: only the card mock holds it, and it never leaves masked form. */
  readonly pan: string;
  readonly scheme: 'VISA' | 'MASTERCARD' | 'MIR' | 'UNIONPAY';
  readonly type: 'DEBIT' | 'CREDIT';
  readonly form: 'PHYSICAL' | 'VIRTUAL';
  /** YYYY-MM. */
  readonly expiry: string;
  readonly status: 'ISSUED' | 'ACTIVE' | 'BLOCKED' | 'EXPIRED';
  readonly embossedName: string;
  /** Credit line of a credit card in the account currency's minor units; 0 for debit. */
  readonly creditLimit: bigint;
}

export interface SeedLoan {
  readonly loanId: string;
  readonly clientId: string;
  /** The account instalments are debited from. */
  readonly accountId: string;
  readonly currency: string;
  readonly principal: bigint;
  /** Annual rate in percent as a cmn:Rate string ("12.5"). */
  readonly annualRate: string;
  readonly termMonths: number;
  readonly startDate: string;
}

export interface SeedDeposit {
  readonly depositId: string;
  readonly clientId: string;
  /** The account the deposit was funded from and pays out to. */
  readonly accountId: string;
  readonly currency: string;
  readonly principal: bigint;
  readonly annualRate: string;
  readonly termMonths: number;
  readonly openDate: string;
  readonly productCode: string;
}

export interface Dataset {
  readonly seed: number;
  readonly clients: readonly SeedClient[];
  readonly accounts: readonly SeedAccount[];
  /** In booking order per account. */
  readonly entries: readonly SeedEntry[];
  readonly cards: readonly SeedCard[];
  readonly loans: readonly SeedLoan[];
  readonly deposits: readonly SeedDeposit[];
}
