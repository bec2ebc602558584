/**
 * The deterministic seeded bank: `generateDataset({ clients, seed })` makes the clients,
 * accounts, booked history, cards, loans and deposits from which the mock back offices
 * build their state.
 *
 * Determinism: every client draws from its own random stream, derived from (seed, client
 * index) only, and unique numbers (IBAN account parts, PAN bodies) are bijections of the
 * client index; so client i is the same whether 10 or 100,000 clients are generated, and
 * `generateClient(context, i)` makes one client without the others.
 *
 * Identifier formats (n = client index + 1, zero-padded to 8 digits; k = ordinal 01…):
 *   clientId        CL{n}                 CL00000042
 *   clientNumber    1{n}{Luhn digit}      1000000420
 *   accountId       AC{n}-{k}             AC00000042-01 (01 is always the CURRENT account
 *                                         in the locale's currency)
 *   cardId          CD{n}-{k}             CD00000042-01
 *   loanId          LN{n}-01, depositId DP{n}-01
 *   entryReference  {accountId}-{seq}     AC00000042-01-00001 (00001 is the opening credit)
 *
 * Currencies: en → GBP (GB), de → EUR (DE), fr → EUR (FR), ru → RUB (RU), kk → KZT (KZ).
 * A second-currency account is USD for de/fr, USD or EUR for en/ru/kk.
 */
import { currencyExponent } from '../../common/money.js';
import { annuityPayment } from '../shared/annuity.js';
import { addMonths } from '../shared/calendar.js';
import { RATE_SCALE, formatRate } from '../shared/decimal.js';
import { HistoryCalendar, dayOf, isoDay, parseDay, partsOf, yearsBefore, yearsBetween } from './calendar.js';
import type {
  Dataset,
  Locale,
  SeedAccount,
  SeedCard,
  SeedClient,
  SeedDeposit,
  SeedEntry,
  SeedLoan,
} from './dataset.js';
import { randomIban, frenchRibKey, makeIban } from './iban.js';
import { ATM_MCC, MERCHANT_CATEGORIES, merchantsOf, type MerchantCategory } from './merchants.js';
import { NAMES, addressLines, embossedName, familyNameForm, patronymic, postalCode } from './names.js';
import { luhnCheckDigit, makePan, maskPan, type CardScheme } from './pan.js';
import { Random, scatter, streamSeed } from './random.js';

export interface GenerateOptions {
  readonly clients: number;
  readonly seed: number;
  /** The generator's "today", YYYY-MM-DD; default DEFAULT_TODAY. */
  readonly today?: string;
  /** Days of booked history per account, ending today; default DEFAULT_HISTORY_DAYS. */
  readonly historyDays?: number;
}

/** All records of one client. */
export interface ClientRecords {
  readonly client: SeedClient;
  readonly accounts: SeedAccount[];
  readonly entries: SeedEntry[];
  readonly cards: SeedCard[];
  readonly loans: SeedLoan[];
  readonly deposits: SeedDeposit[];
}

export const DEFAULT_TODAY = '2026-11-24';
export const DEFAULT_HISTORY_DAYS = 90;
/** The IBAN account-number spaces (GB: 8 digits for 4 accounts a client) bound the client count. */
export const MAX_CLIENTS = 25_000_000;
export const BANK_NAME = 'DBP Bank';

export const LOCALE_COUNTRY: Readonly<Record<Locale, string>> = { en: 'GB', de: 'DE', fr: 'FR', ru: 'RU', kk: 'KZ' };
export const LOCALE_CURRENCY: Readonly<Record<Locale, string>> = { en: 'GBP', de: 'EUR', fr: 'EUR', ru: 'RUB', kk: 'KZT' };

/** Share of clients per locale. */
const LOCALE_WEIGHTS: readonly (readonly [Locale, number])[] = [['en', 20], ['de', 25], ['fr', 20], ['ru', 20], ['kk', 15]];

/**
 * Local price level: how many units of the currency buy what one euro buys in the euro
 * area. Every amount is drawn in euro-equivalent and scaled with this, so that a grocery
 * bill, a salary or a rent is plausible in each country.
 */
const PRICE_FACTOR: Readonly<Record<string, number>> = { EUR: 1, GBP: 0.9, USD: 1.1, RUB: 45, KZT: 250 };
/** A "round" amount in major units per currency (ATM withdrawals, rents, limits). */
const ROUND_STEP: Readonly<Record<string, number>> = { EUR: 10, GBP: 10, USD: 10, RUB: 500, KZT: 2000 };
/** Annual interest of savings accounts, basis points. */
const SAVINGS_RATE_BP: Readonly<Record<string, number>> = { EUR: 225, GBP: 350, USD: 300, RUB: 1400, KZT: 1200 };
/** Annual overdraft interest, basis points. */
const OVERDRAFT_RATE_BP: Readonly<Record<string, number>> = { EUR: 1190, GBP: 1990, USD: 1500, RUB: 2900, KZT: 2400 };
/** Loan rates, basis points [min, max]. */
const LOAN_RATE_BP: Readonly<Record<string, readonly [number, number]>> = {
  EUR: [390, 890], GBP: [490, 1190], USD: [500, 1000], RUB: [1490, 3190], KZT: [1390, 2790],
};
/** Term deposit rates, basis points [min, max]. */
const DEPOSIT_RATE_BP: Readonly<Record<string, readonly [number, number]>> = {
  EUR: [150, 320], GBP: [300, 480], USD: [250, 450], RUB: [1200, 2100], KZT: [1000, 1600],
};

/** The seeded bank's own codes in each country's BBAN. */
const OWN_BANK = {
  DE: { blz: '10020030' },
  FR: { bank: '17569', branch: '00010' },
  GB: { bank: 'DBPB', sortCode: '401276' },
  RU: { bik: '044525999', branch: '00001', balance: '40817' },
  KZ: { bank: '998' },
} as const;

/** Current account product per segment: code part, name, monthly fee in euro-equivalent. */
const CURRENT_PRODUCTS: Readonly<Record<SeedClient['segment'], readonly [string, string, number]>> = {
  RETAIL: ['STD', 'Everyday Account', 4.9],
  PREMIUM: ['PRM', 'Premium Account', 12.9],
  PRIVATE: ['PRV', 'Private Banking Account', 0],
  SME: ['SME', 'Business Account', 9.9],
};

const FOREIGN_PAYERS: readonly (readonly [string, string])[] = [
  ['Euro Consulting BV', 'NL'],
  ['Alpine Trading AG', 'CH'],
  ['Atlantic Export GmbH', 'DE'],
  ['Danube Freight GmbH', 'AT'],
  ['Global Freelance Payments Ltd', 'GB'],
  ['Vistula Software Sp. z o.o.', 'PL'],
  ['Moselle Fund Services SA', 'LU'],
];
const P2P_TEXTS = ['Thanks', 'Dinner', 'Birthday present', 'Shared holiday costs', 'Tickets', 'Money back', 'For the kids'];
const FX_IN_TEXTS = ['Invoice payment', 'Consulting fee', 'Refund', 'Dividend payment', 'Royalties'];
const FX_OUT_TEXTS = ['Tuition fee', 'Holiday rental', 'Online course', 'Family support'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Everything shared by all clients of one generation run. */
export interface SeedContext {
  readonly seed: number;
  readonly today: number;
  readonly todayIso: string;
  readonly historyDays: number;
  readonly calendar: HistoryCalendar;
  /** Date of the opening credit of accounts opened before the history. */
  readonly openingDate: string;
  readonly ibanSalt: number;
  readonly panSalt: number;
  /** Remittance texts per month label index. */
  readonly texts: readonly MonthTexts[];
  readonly pensionIban: Readonly<Record<Locale, string>>;
  readonly categoryWeights: readonly (readonly [MerchantCategory, number])[];
}

interface MonthTexts {
  readonly salary: string;
  readonly salaryAdvance: string;
  readonly pension: string;
  readonly rent: string;
  readonly utilities: string;
  readonly fee: string;
  readonly interest: string;
  readonly overdraft: string;
  readonly savings: string;
}

/** Validates the options and precomputes what all clients share. */
export function createSeedContext(options: GenerateOptions): SeedContext {
  const { seed } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(options.clients) || options.clients < 0 || options.clients > MAX_CLIENTS) {
    throw new RangeError(`clients must be an integer from 0 to ${MAX_CLIENTS}, got ${options.clients}`);
  }
  const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
  if (!Number.isSafeInteger(historyDays) || historyDays < 1 || historyDays > 3660) {
    throw new RangeError(`historyDays must be an integer from 1 to 3660, got ${historyDays}`);
  }
  const todayIso = options.today ?? DEFAULT_TODAY;
  const today = parseDay(todayIso);
  const calendar = new HistoryCalendar(today, historyDays);
  const texts = calendar.months.map((m) => ({
    salary: `Salary ${m}`,
    salaryAdvance: `Salary advance ${m}`,
    pension: `Pension ${m}`,
    rent: `Rent ${m}`,
    utilities: `Invoice ${m}`,
    fee: `Account maintenance fee ${m}`,
    interest: `Interest ${m}`,
    overdraft: `Overdraft interest ${m}`,
    savings: `Savings plan ${m}`,
  }));
  const shared = Random.stream(seed, -1);
  const pensionIban = {} as Record<Locale, string>;
  for (const locale of ['en', 'de', 'fr', 'ru', 'kk'] as const) pensionIban[locale] = randomIban(shared, LOCALE_COUNTRY[locale]);
  return {
    seed,
    today,
    todayIso,
    historyDays,
    calendar,
    openingDate: isoDay(calendar.start - 1),
    ibanSalt: streamSeed(seed, -2),
    panSalt: streamSeed(seed, -3),
    texts,
    pensionIban,
    categoryWeights: MERCHANT_CATEGORIES.map((c) => [c, c.weight] as const),
  };
}

/** The deterministic dataset of `clients` clients for `seed`. */
export function generateDataset(options: GenerateOptions): Dataset {
  const context = createSeedContext(options);
  const sink: ClientRecords = {
    client: undefined as unknown as SeedClient,
    accounts: [],
    entries: [],
    cards: [],
    loans: [],
    deposits: [],
  };
  const clients: SeedClient[] = [];
  for (let index = 0; index < options.clients; index++) clients.push(generateClientInto(context, index, sink));
  return {
    seed: options.seed,
    clients,
    accounts: sink.accounts,
    entries: sink.entries,
    cards: sink.cards,
    loans: sink.loans,
    deposits: sink.deposits,
  };
}

/** The records of client `index` (0-based), equal to that client's records in any dataset of the context's seed. */
export function generateClient(context: SeedContext, index: number): ClientRecords {
  const sink = {
    client: undefined as unknown as SeedClient,
    accounts: [] as SeedAccount[],
    entries: [] as SeedEntry[],
    cards: [] as SeedCard[],
    loans: [] as SeedLoan[],
    deposits: [] as SeedDeposit[],
  };
  const client = generateClientInto(context, index, sink);
  return { ...sink, client };
}

// ---------------------------------------------------------------------------------------
// Helpers

function pad(value: number | bigint, width: number): string {
  return String(value).padStart(width, '0');
}

/** An annual rate in basis points as a cmn:Rate percent string: 1250 → "12.5", 900 → "9". */
export function rateString(bp: number): string {
  return formatRate((BigInt(bp) * RATE_SCALE) / 100n);
}

/** The monthly annuity instalment of an annual rate in basis points (monthly rate bp / 120000), in minor units. */
export function annuityInstalment(principal: bigint, rateBp: number, termMonths: number): bigint {
  return annuityPayment(principal, { numerator: BigInt(rateBp), denominator: 120_000n }, termMonths);
}

/** Money scaler of a currency: euro-equivalent amounts to minor units of the currency. */
class Scale {
  readonly factor: number;
  /** Minor units per major unit. */
  readonly unit: number;
  readonly roundStep: number;

  constructor(readonly currency: string) {
    const factor = PRICE_FACTOR[currency];
    const step = ROUND_STEP[currency];
    if (factor === undefined || step === undefined) throw new Error(`no price level for ${currency}`);
    this.factor = factor;
    this.unit = 10 ** currencyExponent(currency);
    this.roundStep = step * this.unit;
  }

  /** Minor units of a euro-equivalent amount given in euro cents. */
  fromEurCents(cents: number): number {
    return Math.max(1, Math.round((cents * this.factor * this.unit) / 100));
  }

  /** A random amount between minEur and maxEur (major), skewed toward the low end when skew. */
  draw(rng: Random, minEur: number, maxEur: number, skew = false): number {
    const u = rng.next();
    const eur = minEur + (maxEur - minEur) * (skew ? u * u : u);
    return this.fromEurCents(Math.round(eur * 100));
  }

  /** A random round amount (multiple of the round step). */
  drawRound(rng: Random, minEur: number, maxEur: number): number {
    return this.round(this.draw(rng, minEur, maxEur));
  }

  round(minor: number): number {
    return Math.max(this.roundStep, Math.round(minor / this.roundStep) * this.roundStep);
  }
}

const SCALES = new Map<string, Scale>();
function scaleOf(currency: string): Scale {
  let scale = SCALES.get(currency);
  if (!scale) SCALES.set(currency, (scale = new Scale(currency)));
  return scale;
}

function phoneNumber(rng: Random, country: string): string {
  switch (country) {
    case 'GB':
      return `+447${rng.int(4, 9)}${rng.digits(8)}`;
    case 'DE':
      return `+49${rng.pick(['151', '152', '157', '160', '162', '170', '171', '172', '173', '174', '175', '176', '177', '178', '179'])}${rng.digits(rng.chance(0.5) ? 7 : 8)}`;
    case 'FR':
      return `+33${rng.pick(['6', '7'])}${rng.digits(8)}`;
    case 'RU':
      return `+79${rng.digits(9)}`;
    case 'KZ':
      return `+77${rng.pick(['01', '02', '05', '07', '08', '47', '71', '75', '76', '77', '78'])}${rng.digits(7)}`;
    default:
      throw new Error(`no phone plan for ${country}`);
  }
}

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

function emailLocalPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** An IBAN of the seeded bank, unique per (client index, account ordinal). */
function ownIban(context: SeedContext, country: string, currency: string, serial: number): string {
  switch (country) {
    case 'DE':
      return makeIban('DE', `${OWN_BANK.DE.blz}${pad(scatter(serial, 10n ** 10n, context.ibanSalt), 10)}`);
    case 'FR': {
      const account = pad(scatter(serial, 10n ** 11n, context.ibanSalt), 11);
      const { bank, branch } = OWN_BANK.FR;
      return makeIban('FR', `${bank}${branch}${account}${frenchRibKey(bank, branch, account)}`);
    }
    case 'GB':
      return makeIban('GB', `${OWN_BANK.GB.bank}${OWN_BANK.GB.sortCode}${pad(scatter(serial, 10n ** 8n, context.ibanSalt), 8)}`);
    case 'RU':
      return makeIban('RU', `${OWN_BANK.RU.bik}${OWN_BANK.RU.branch}${OWN_BANK.RU.balance}${pad(scatter(serial, 10n ** 10n, context.ibanSalt), 10)}`);
    case 'KZ':
      return makeIban('KZ', `${OWN_BANK.KZ.bank}${currency}${pad(scatter(serial, 10n ** 10n, context.ibanSalt), 10)}`);
    default:
      throw new Error(`the seeded bank has no branch in ${country}`);
  }
}

/** Zero-padded sequence numbers, shared by all accounts (an entry reference is then the account's prefix plus a shared suffix). */
const SEQUENCE_TEXTS: string[] = [];
function sequenceText(seq: number): string {
  let text = SEQUENCE_TEXTS[seq];
  if (text === undefined) {
    for (let i = SEQUENCE_TEXTS.length; i <= seq; i++) SEQUENCE_TEXTS.push(pad(i, 5));
    text = SEQUENCE_TEXTS[seq] as string;
  }
  return text;
}

interface Counterparty {
  readonly name: string;
  readonly iban: string;
}

// ---------------------------------------------------------------------------------------
// Account histories

/** One account's history being written: running balance in minor units (a number: exact below 2^53). */
class AccountRun {
  readonly events: SeedEntry[] = [];
  private seq = 1;
  /** Running balance, opening credit included. */
  balance: number;
  /** Amount of the opening credit; raised when a committed debit would break the credit line. */
  opening: number;
  readonly creditLine: number;
  /** Index of the first history day after the account's opening. */
  readonly firstIndex: number;
  private readonly prefix: string;

  constructor(
    readonly account: SeedAccount,
    readonly openDay: number,
    readonly scale: Scale,
    private readonly context: SeedContext,
    opening: number,
  ) {
    this.opening = Math.max(1, opening);
    this.balance = this.opening;
    this.creditLine = Number(account.creditLine);
    this.firstIndex = Math.max(0, openDay - context.calendar.start + 1);
    this.prefix = `${account.accountId}-`;
  }

  /** Room for a debit without going below −creditLine. */
  canDebit(amount: number): boolean {
    return this.balance - amount >= -this.creditLine;
  }

  credit(index: number, amount: number, kind: SeedEntry['kind'], name: string, iban?: string, text?: string): void {
    this.balance += amount;
    this.push(index, index, amount, 'CRDT', kind, name, iban, text);
  }

  /** A debit that happens whatever the balance (a fee, an instalment): the opening credit grows if needed. */
  debitCommitted(index: number, amount: number, kind: SeedEntry['kind'], name: string, iban?: string, text?: string): void {
    const after = this.balance - amount;
    if (after < -this.creditLine) {
      const lift = -this.creditLine - after;
      this.opening += lift;
      this.balance += lift;
    }
    this.balance -= amount;
    this.push(index, index, amount, 'DBIT', kind, name, iban, text);
  }

  /** A debit the client would not make without the money; false when refused. */
  debitIfCovered(
    index: number,
    valueIndex: number,
    amount: number,
    kind: SeedEntry['kind'],
    name: string,
    iban?: string,
    text?: string,
    mcc?: string,
    cardId?: string,
  ): boolean {
    if (!this.canDebit(amount)) return false;
    this.balance -= amount;
    this.push(index, valueIndex, amount, 'DBIT', kind, name, iban, text, mcc, cardId);
    return true;
  }

  private push(
    index: number,
    valueIndex: number,
    amount: number,
    direction: SeedEntry['direction'],
    kind: SeedEntry['kind'],
    name: string,
    iban?: string,
    text?: string,
    mcc?: string,
    cardId?: string,
  ): void {
    const dates = this.context.calendar.dates;
    this.seq++;
    const accountId = this.account.accountId;
    const entryReference = this.prefix + sequenceText(this.seq);
    const bookingDate = dates[index] as string;
    const valueDate = dates[valueIndex] as string;
    const minor = BigInt(amount);
    // One object literal per combination of optional fields: every field sits inside the
    // object (no property backing store), which keeps millions of entries compact.
    let entry: SeedEntry;
    if (cardId !== undefined && mcc !== undefined && text !== undefined && iban === undefined) {
      entry = { accountId, entryReference, bookingDate, valueDate, amount: minor, direction, kind, counterpartyName: name, remittanceInformation: text, merchantCategoryCode: mcc, cardId };
    } else if (iban !== undefined && text !== undefined && mcc === undefined && cardId === undefined) {
      entry = { accountId, entryReference, bookingDate, valueDate, amount: minor, direction, kind, counterpartyName: name, counterpartyIban: iban, remittanceInformation: text };
    } else if (iban === undefined && text !== undefined && mcc === undefined && cardId === undefined) {
      entry = { accountId, entryReference, bookingDate, valueDate, amount: minor, direction, kind, counterpartyName: name, remittanceInformation: text };
    } else {
      const other: Mutable<SeedEntry> = { accountId, entryReference, bookingDate, valueDate, amount: minor, direction, kind, counterpartyName: name };
      if (iban !== undefined) other.counterpartyIban = iban;
      if (text !== undefined) other.remittanceInformation = text;
      if (mcc !== undefined) other.merchantCategoryCode = mcc;
      if (cardId !== undefined) other.cardId = cardId;
      entry = other;
    }
    this.events.push(entry);
  }

  /** Appends the opening credit and the events, in booking order, to the sink. */
  flush(into: SeedEntry[], openingText: string, openingName: string): void {
    const before = this.openDay < this.context.calendar.start;
    into.push({
      accountId: this.account.accountId,
      entryReference: this.prefix + sequenceText(1),
      bookingDate: before ? this.context.openingDate : this.context.calendar.date(this.openDay),
      valueDate: before ? this.context.openingDate : this.context.calendar.date(this.openDay),
      amount: BigInt(this.opening),
      direction: 'CRDT',
      kind: 'OTHER',
      counterpartyName: before ? BANK_NAME : openingName,
      remittanceInformation: before ? 'Balance brought forward' : openingText,
    });
    for (const event of this.events) into.push(event);
  }
}

interface CardPlan {
  readonly card: SeedCard;
  /** Card payments are booked on history days before this index (BLOCKED), all (ACTIVE), none (ISSUED). */
  readonly usableUntil: number;
  readonly paymentText: string;
  readonly cashText: string;
}

interface LoanPlan {
  readonly loan: SeedLoan;
  readonly startDay: number;
  /** Due days of the instalments inside the history and before today, ascending. */
  readonly dueDays: readonly number[];
  readonly instalment: number;
  readonly disburse: boolean;
  readonly text: string;
  readonly disbursementText: string;
}

/**
 * The due days of a loan's instalments (start date plus 1, 2, … months, with the month
 * arithmetic of the core banking mock's schedule) that fall inside the history and before
 * today: those are booked as paid, as the core banking mock counts every instalment due
 * before today as paid.
 */
function dueDaysOf(startDay: number, termMonths: number, from: number, today: number): number[] {
  const days: number[] = [];
  const s = partsOf(startDay);
  const f = partsOf(from);
  // Start one month before the window: earlier instalments are not in the history.
  const first = Math.max(1, (f.year - s.year) * 12 + (f.month - s.month) - 1);
  const startDate = isoDay(startDay);
  for (let m = first; m <= termMonths; m++) {
    const due = parseDay(addMonths(startDate, m));
    if (due >= today) break;
    if (due >= from) days.push(due);
  }
  return days;
}

interface DepositPlan {
  readonly deposit: SeedDeposit;
  readonly openDay: number;
  readonly text: string;
}

// ---------------------------------------------------------------------------------------
// One client

function generateClientInto(context: SeedContext, index: number, sink: Omit<ClientRecords, 'client'>): SeedClient {
  const rng = Random.stream(context.seed, index);
  const { today, calendar } = context;
  const n = pad(index + 1, 8);
  const clientId = `CL${n}`;

  // --- identity --------------------------------------------------------------------------
  const locale = rng.weighted(LOCALE_WEIGHTS);
  const names = NAMES[locale];
  const country = LOCALE_COUNTRY[locale];
  const currency = LOCALE_CURRENCY[locale];
  const female = rng.chance(0.5);
  const givenName = rng.pick(female ? names.female : names.male);
  let middleName: string | undefined;
  if (locale === 'ru' || locale === 'kk') {
    middleName = patronymic(locale, rng.pick(names.male), female);
  } else if ((locale === 'en' && rng.chance(0.3)) || (locale === 'de' && rng.chance(0.08))) {
    const second = rng.pick(female ? names.female : names.male);
    if (second !== givenName) middleName = second;
  }
  const familyName = familyNameForm(locale, rng.pick(names.family), female);

  const ageBand = rng.weighted<readonly [number, number]>([[[18, 25], 15], [[25, 45], 42], [[45, 65], 28], [[65, 86], 15]]);
  const birthDay = rng.int(yearsBefore(today, ageBand[1]) + 1, yearsBefore(today, ageBand[0]));
  const age = yearsBetween(birthDay, today);
  const birth = partsOf(birthDay);
  const adultDay = dayOf(birth.year + 18, birth.month, birth.dayOfMonth);
  const firstPossibleSince = Math.max(adultDay, yearsBefore(today, 20));
  let sinceDay: number;
  if (rng.chance(0.03) || firstPossibleSince >= calendar.start - 1) {
    sinceDay = rng.int(Math.max(firstPossibleSince, calendar.start - 1), today);
  } else {
    sinceDay = rng.int(firstPossibleSince, calendar.start - 2);
  }

  const segment =
    age < 23
      ? 'RETAIL'
      : rng.weighted<SeedClient['segment']>([['RETAIL', 72], ['PREMIUM', 15], ['PRIVATE', 3], ['SME', 10]]);
  const kycStatus = rng.weighted<SeedClient['kycStatus']>([
    ['VERIFIED', 92], ['PENDING', 3], ['EXPIRED', 3], ['NOT_STARTED', 1], ['REJECTED', 1],
  ]);
  const verified = kycStatus === 'VERIFIED';
  const phone = phoneNumber(rng, country);
  const email = `${emailLocalPart(givenName)}${rng.pick(['.', '_', ''])}${emailLocalPart(familyName)}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`;
  const city = rng.pick(names.cities);
  const address = { line: addressLines(rng, locale), city: city.name, postalCode: postalCode(rng, rng.pick(city.postal)), country };
  const clientNumberBody = `1${n}`;

  const client: SeedClient = {
    clientId,
    clientNumber: `${clientNumberBody}${luhnCheckDigit(clientNumberBody)}`,
    locale,
    language: locale,
    givenName,
    ...(middleName !== undefined ? { middleName } : {}),
    familyName,
    birthDate: isoDay(birthDay),
    segment,
    phone,
    email,
    address,
    kycStatus,
    since: isoDay(sinceDay),
  };
  const fullName = `${givenName} ${familyName}`;

  // --- money profile ---------------------------------------------------------------------
  const premium = segment === 'PREMIUM' || segment === 'PRIVATE';
  const local = scaleOf(currency);
  const pensioner = age >= 66;
  const student = !pensioner && age < 23 && rng.chance(0.6);
  const jobless = !pensioner && !student && segment !== 'SME' && rng.chance(0.05);
  const incomeEur =
    segment === 'PRIVATE' ? [12000, 40000] : segment === 'PREMIUM' ? [5000, 12000] : segment === 'SME' ? [3000, 15000] : [1700, 4500];
  const monthlyIncome = pensioner
    ? local.draw(rng, 800, premium ? 4000 : 2200)
    : student || jobless
      ? 0
      : local.draw(rng, incomeEur[0] as number, incomeEur[1] as number);
  const employer: Counterparty = { name: rng.pick(names.employers), iban: randomIban(rng, country) };
  const contacts: Counterparty[] = [];
  for (let c = rng.int(1, 3); c > 0; c--) {
    const contactFemale = rng.chance(0.5);
    contacts.push({
      name: `${rng.pick(contactFemale ? names.female : names.male)} ${familyNameForm(locale, rng.pick(names.family), contactFemale)}`,
      iban: randomIban(rng, country),
    });
  }

  // --- accounts --------------------------------------------------------------------------
  const accounts: SeedAccount[] = [];
  const addAccount = (
    type: SeedAccount['type'],
    accountCurrency: string,
    openDay: number,
    productCode: string,
    productName: string,
    creditLine: number,
  ): SeedAccount => {
    const k = accounts.length + 1;
    const account: SeedAccount = {
      accountId: `AC${n}-${pad(k, 2)}`,
      clientId,
      iban: ownIban(context, country, accountCurrency, index * 4 + k),
      currency: accountCurrency,
      type,
      productCode,
      productName,
      openingDate: isoDay(openDay),
      creditLine: BigInt(creditLine),
    };
    accounts.push(account);
    return account;
  };

  const product = CURRENT_PRODUCTS[segment];
  const creditLine =
    verified && !student && rng.chance(premium ? 0.5 : 0.25)
      ? local.round(local.fromEurCents(rng.pick(premium ? [2000, 3000, 5000, 10000] : [300, 500, 1000, 1500, 2000]) * 100))
      : 0;
  const current = addAccount('CURRENT', currency, sinceDay, `CUR-${product[0]}-${currency}`, `${product[1]} ${currency}`, creditLine);
  const currentFee = product[2] > 0 ? local.fromEurCents(Math.round(product[2] * 100)) : 0;

  const accountOpenDay = (): number =>
    rng.chance(0.85) && sinceDay < calendar.start - 2 ? rng.int(sinceDay, calendar.start - 2) : rng.int(sinceDay, today);
  let savings: SeedAccount | undefined;
  let savingsOpenDay = 0;
  if (rng.chance(premium ? 0.6 : 0.35)) {
    savingsOpenDay = accountOpenDay();
    savings = addAccount('SAVINGS', currency, savingsOpenDay, `SAV-FLEX-${currency}`, `Flex Saver ${currency}`, 0);
  }
  let fx: SeedAccount | undefined;
  let fxOpenDay = 0;
  if (rng.chance(premium ? 0.45 : segment === 'SME' ? 0.3 : 0.12)) {
    const fxCurrency = locale === 'de' || locale === 'fr' ? 'USD' : rng.pick(['USD', 'EUR']);
    fxOpenDay = accountOpenDay();
    fx = addAccount('CURRENT', fxCurrency, fxOpenDay, `CUR-FX-${fxCurrency}`, `Currency Account ${fxCurrency}`, 0);
  }

  // --- cards ------------------------------------------------------------------------------
  const schemeWeights: readonly (readonly [CardScheme, number])[] =
    locale === 'ru'
      ? [['MIR', 60], ['VISA', 20], ['MASTERCARD', 20]]
      : locale === 'kk'
        ? [['VISA', 45], ['MASTERCARD', 40], ['UNIONPAY', 15]]
        : [['VISA', 55], ['MASTERCARD', 43], ['UNIONPAY', 2]];
  const { year: todayYear, month: todayMonth } = partsOf(today);
  const cardPlans: CardPlan[] = [];
  const cardCount = rng.chance(premium ? 0.5 : 0.25) ? 2 : 1;
  for (let c = 1; c <= cardCount; c++) {
    const scheme = rng.weighted(schemeWeights);
    const type: SeedCard['type'] = verified && !student && rng.chance(premium ? 0.35 : 0.12) ? 'CREDIT' : 'DEBIT';
    const form: SeedCard['form'] = rng.chance(c === 1 ? 0.1 : 0.5) ? 'VIRTUAL' : 'PHYSICAL';
    const status = rng.weighted<SeedCard['status']>([['ACTIVE', 88], ['ISSUED', 6], ['BLOCKED', 6]]);
    const monthsAhead = status === 'ISSUED' ? rng.int(44, 60) : rng.int(1, 60);
    const ym = todayYear * 12 + (todayMonth - 1) + monthsAhead;
    const pan = makePan(scheme, pad(scatter(index * 4 + c, 10n ** 9n, context.panSalt), 9));
    const creditLimit =
      type === 'CREDIT' ? local.round(local.fromEurCents(rng.pick(premium ? [3000, 5000, 10000, 20000] : [500, 1000, 2000, 3000]) * 100)) : 0;
    const card: SeedCard = {
      cardId: `CD${n}-${pad(c, 2)}`,
      clientId,
      accountId: current.accountId,
      pan,
      scheme,
      type,
      form,
      expiry: `${Math.floor(ym / 12)}-${pad((ym % 12) + 1, 2)}`,
      status,
      embossedName: embossedName(givenName, familyName),
      creditLimit: BigInt(creditLimit),
    };
    const masked = maskPan(pan);
    cardPlans.push({
      card,
      usableUntil: status === 'ACTIVE' ? calendar.length : status === 'BLOCKED' ? rng.int(0, calendar.length) : -1,
      paymentText: `Card payment ${masked}`,
      cashText: `Cash withdrawal ${masked}`,
    });
  }

  // --- loan and deposit --------------------------------------------------------------------
  let loanPlan: LoanPlan | undefined;
  if (verified && age < 75 && !student && rng.chance(segment === 'SME' ? 0.35 : premium ? 0.3 : 0.2)) {
    const kind = rng.weighted<'CONSUMER' | 'CAR' | 'MORTGAGE'>([['CONSUMER', 60], ['CAR', 25], ['MORTGAGE', premium ? 30 : 15]]);
    const [termMin, termMax, eurMin, eurMax] =
      kind === 'CONSUMER' ? [6, 60, 1000, 20000] : kind === 'CAR' ? [24, 84, 8000, 45000] : [120, 300, 80000, 450000];
    const termMonths = rng.pick([termMin, 12, 24, 36, 48, 60, 72, 84, 120, 180, 240, 300].filter((t) => t >= termMin && t <= termMax));
    const earliest = Math.max(sinceDay + 1, today - (termMonths - 1) * 28);
    if (earliest <= today - 1) {
      const startDay = rng.int(earliest, today - 1);
      const [rateMin, rateMax] = LOAN_RATE_BP[currency] as readonly [number, number];
      const rateBp = kind === 'MORTGAGE' ? rng.int(rateMin, Math.round((rateMin + rateMax) / 2)) : rng.int(rateMin, rateMax);
      const principal = local.round(local.draw(rng, eurMin, eurMax) / 10) * 10;
      const loanId = `LN${n}-01`;
      const loan: SeedLoan = {
        loanId,
        clientId,
        accountId: current.accountId,
        currency,
        principal: BigInt(principal),
        annualRate: rateString(rateBp),
        termMonths,
        startDate: isoDay(startDay),
      };
      loanPlan = {
        loan,
        startDay,
        dueDays: dueDaysOf(startDay, termMonths, calendar.start, today),
        instalment: Number(annuityInstalment(BigInt(principal), rateBp, termMonths)),
        disburse: kind !== 'MORTGAGE',
        text: `Loan ${loanId} instalment`,
        disbursementText: `Loan ${loanId} disbursement`,
      };
      sink.loans.push(loan);
    }
  }

  let depositPlan: DepositPlan | undefined;
  if (verified && rng.chance(segment === 'PRIVATE' ? 0.5 : premium ? 0.35 : segment === 'SME' ? 0.15 : 0.12)) {
    const onFx = fx !== undefined && rng.chance(0.2);
    const account = onFx ? (fx as SeedAccount) : (savings ?? current);
    const accountOpen = onFx ? fxOpenDay : account === savings ? savingsOpenDay : sinceDay;
    const termMonths = rng.pick([3, 6, 12, 12, 24, 36]);
    const earliest = Math.max(accountOpen + 1, today - termMonths * 28 + 1);
    if (earliest <= today - 1) {
      const openDay = rng.int(earliest, today - 1);
      const scale = scaleOf(account.currency);
      const [rateMin, rateMax] = DEPOSIT_RATE_BP[account.currency] as readonly [number, number];
      const principal = scale.round(scale.draw(rng, 1000, segment === 'PRIVATE' ? 250000 : 50000, true));
      const depositId = `DP${n}-01`;
      const deposit: SeedDeposit = {
        depositId,
        clientId,
        accountId: account.accountId,
        currency: account.currency,
        principal: BigInt(principal),
        annualRate: rateString(rng.int(rateMin, rateMax)),
        termMonths,
        openDate: isoDay(openDay),
        productCode: `TD-${termMonths}M-${account.currency}`,
      };
      depositPlan = { deposit, openDay, text: `Term deposit ${depositId} opening` };
      sink.deposits.push(deposit);
    }
  }

  // --- history of the current account -----------------------------------------------------
  const { dayOfMonth, lastOfMonth, monthIndex } = calendar;
  const texts = context.texts;
  const openingBase = monthlyIncome > 0 ? Math.round(monthlyIncome * (0.2 + rng.next() * 1.5)) : local.draw(rng, 100, 3000);
  const run = new AccountRun(current, sinceDay, local, context, openingBase);
  const salaryDays: readonly number[] =
    locale === 'ru' ? [20, 5] : locale === 'kk' ? [rng.pick([5, 10, 25])] : [rng.pick(locale === 'en' ? [25, 28] : [27, 28, 25])];
  const renter = !pensioner && rng.chance(student ? 0.5 : 0.35);
  const landlord: Counterparty = { name: rng.pick(names.landlords), iban: randomIban(rng, country) };
  const rentDay = rng.int(1, 5);
  const rent = local.round(local.draw(rng, 450, premium ? 2500 : 1400));
  const utility: Counterparty | undefined = rng.chance(0.7) ? { name: rng.pick(names.utilities), iban: randomIban(rng, country) } : undefined;
  const utilityDay = rng.int(10, 20);
  const savingsDay = rng.int(1, 28);
  const savingsPlan = savings && monthlyIncome > 0 && rng.chance(0.6) ? local.round(Math.round(monthlyIncome * (0.05 + rng.next() * 0.2))) : 0;
  const savingsTransfers: (readonly [number, number])[] = [];
  const cardRate = (segment === 'RETAIL' ? 0.25 + rng.next() * 0.8 : 0.5 + rng.next() * 1.0) * (age >= 70 ? 0.6 : 1);
  const atmName = `${BANK_NAME} ATM ${city.name}`;

  let nextDue = 0;
  while (loanPlan && (loanPlan.dueDays[nextDue] ?? Infinity) < calendar.start + run.firstIndex) nextDue++;
  for (let i = run.firstIndex; i < calendar.length; i++) {
    const dom = dayOfMonth[i] as number;
    const month = texts[monthIndex[i] as number] as MonthTexts;
    const day = calendar.start + i;

    if (loanPlan && loanPlan.disburse && day === loanPlan.startDay) {
      run.credit(i, Number(loanPlan.loan.principal), 'OTHER', BANK_NAME, undefined, loanPlan.disbursementText);
    }
    // income
    if (monthlyIncome > 0) {
      if (segment === 'SME' && !pensioner) {
        if (rng.chance(0.12)) {
          const payer = rng.pick(names.employers);
          run.credit(i, Math.round((monthlyIncome * (0.1 + rng.next() * 0.4))), 'TRANSFER', payer, undefined, 'Invoice payment');
        }
      } else if (pensioner) {
        if (dom === (salaryDays[0] as number)) {
          run.credit(i, monthlyIncome, 'TRANSFER', names.pensionPayer, context.pensionIban[locale], month.pension);
        }
      } else if (salaryDays.length === 2) {
        if (dom === salaryDays[0]) run.credit(i, Math.round(monthlyIncome * 0.4), 'TRANSFER', employer.name, employer.iban, month.salaryAdvance);
        else if (dom === salaryDays[1]) run.credit(i, monthlyIncome - Math.round(monthlyIncome * 0.4), 'TRANSFER', employer.name, employer.iban, month.salary);
      } else if (dom === salaryDays[0]) {
        run.credit(i, monthlyIncome, 'TRANSFER', employer.name, employer.iban, month.salary);
      }
    } else if (dom === 1 && rng.chance(0.8)) {
      const contact = rng.pick(contacts);
      run.credit(i, local.drawRound(rng, 150, 700), 'TRANSFER', contact.name, contact.iban, 'Pocket money');
    }
    // standing costs
    if (dom === 1 && currentFee > 0) run.debitCommitted(i, currentFee, 'FEE', BANK_NAME, undefined, month.fee);
    if (renter && dom === rentDay) run.debitCommitted(i, rent, 'TRANSFER', landlord.name, landlord.iban, month.rent);
    if (utility && dom === utilityDay) {
      run.debitCommitted(i, local.draw(rng, 40, premium ? 400 : 220), 'TRANSFER', utility.name, utility.iban, month.utilities);
    }
    if (loanPlan && loanPlan.dueDays[nextDue] === day) {
      run.debitCommitted(i, loanPlan.instalment, 'OTHER', BANK_NAME, undefined, loanPlan.text);
      nextDue++;
    }
    if (depositPlan && depositPlan.deposit.accountId === current.accountId && day === depositPlan.openDay) {
      run.debitCommitted(i, Number(depositPlan.deposit.principal), 'OTHER', BANK_NAME, undefined, depositPlan.text);
    }
    if (savings && savingsPlan > 0 && dom === savingsDay && day > savingsOpenDay && run.balance >= savingsPlan) {
      run.debitIfCovered(i, i, savingsPlan, 'TRANSFER', fullName, savings.iban, month.savings);
      savingsTransfers.push([i, savingsPlan]);
    }
    // card payments
    for (let p = rng.count(cardRate); p > 0; p--) {
      let plan = cardPlans[0] as CardPlan;
      if (cardPlans.length > 1 && rng.chance(0.35)) plan = cardPlans[1] as CardPlan;
      if (i >= plan.usableUntil) continue;
      let category = rng.weighted(context.categoryWeights);
      if (category.mcc === ATM_MCC && plan.card.form === 'VIRTUAL') category = MERCHANT_CATEGORIES[0] as MerchantCategory;
      const atm = category.mcc === ATM_MCC;
      const amount = atm ? local.drawRound(rng, category.minEur, category.maxEur) : local.draw(rng, category.minEur, category.maxEur, true);
      const valueIndex = Math.max(run.firstIndex, i - (atm ? 0 : rng.int(0, 2)));
      run.debitIfCovered(
        i,
        valueIndex,
        amount,
        'CARD_PAYMENT',
        atm ? atmName : rng.pick(merchantsOf(category, locale)),
        undefined,
        atm ? plan.cashText : plan.paymentText,
        category.mcc,
        plan.card.cardId,
      );
    }
    // transfers between people
    if (rng.chance(0.05)) {
      const contact = rng.pick(contacts);
      run.debitIfCovered(i, i, local.draw(rng, 10, 300, true), 'TRANSFER', contact.name, contact.iban, rng.pick(P2P_TEXTS));
    }
    if (rng.chance(0.025)) {
      const contact = rng.pick(contacts);
      run.credit(i, local.draw(rng, 10, 250, true), 'TRANSFER', contact.name, contact.iban, rng.pick(P2P_TEXTS));
    }
    // overdraft interest at month end
    if (lastOfMonth[i] && run.balance < 0) {
      const interest = Math.ceil((-run.balance * (OVERDRAFT_RATE_BP[currency] as number)) / 120000);
      run.debitCommitted(i, interest, 'INTEREST', BANK_NAME, undefined, month.overdraft);
    }
  }
  run.flush(sink.entries, 'Initial deposit', fullName);

  // --- history of the savings account -------------------------------------------------------
  if (savings) {
    const srun = new AccountRun(savings, savingsOpenDay, local, context, local.draw(rng, 200, premium ? 60000 : 15000, true));
    const rateBp = SAVINGS_RATE_BP[currency] as number;
    let next = 0;
    for (let i = srun.firstIndex; i < calendar.length; i++) {
      const month = texts[monthIndex[i] as number] as MonthTexts;
      while (next < savingsTransfers.length && (savingsTransfers[next] as readonly [number, number])[0] === i) {
        srun.credit(i, (savingsTransfers[next] as readonly [number, number])[1], 'TRANSFER', fullName, current.iban, month.savings);
        next++;
      }
      if (depositPlan && depositPlan.deposit.accountId === savings.accountId && calendar.start + i === depositPlan.openDay) {
        srun.debitCommitted(i, Number(depositPlan.deposit.principal), 'OTHER', BANK_NAME, undefined, depositPlan.text);
      }
      if (lastOfMonth[i] && srun.balance > 0) {
        const interest = Math.floor((srun.balance * rateBp) / 120000);
        if (interest > 0) srun.credit(i, interest, 'INTEREST', BANK_NAME, undefined, month.interest);
      }
    }
    srun.flush(sink.entries, 'Initial deposit', fullName);
  }

  // --- history of the second-currency account --------------------------------------------------
  if (fx) {
    const scale = scaleOf(fx.currency);
    const frun = new AccountRun(fx, fxOpenDay, scale, context, scale.draw(rng, 100, premium ? 20000 : 5000, true));
    const payer = rng.pick(FOREIGN_PAYERS);
    const foreign: Counterparty = { name: payer[0], iban: randomIban(rng, payer[1]) };
    const fxFee = scale.fromEurCents(200);
    for (let i = frun.firstIndex; i < calendar.length; i++) {
      const month = texts[monthIndex[i] as number] as MonthTexts;
      if (dayOfMonth[i] === 1) frun.debitCommitted(i, fxFee, 'FEE', BANK_NAME, undefined, month.fee);
      if (depositPlan && depositPlan.deposit.accountId === fx.accountId && calendar.start + i === depositPlan.openDay) {
        frun.debitCommitted(i, Number(depositPlan.deposit.principal), 'OTHER', BANK_NAME, undefined, depositPlan.text);
      }
      if (rng.chance(0.04)) frun.credit(i, scale.draw(rng, 50, 3000, true), 'TRANSFER', foreign.name, foreign.iban, rng.pick(FX_IN_TEXTS));
      if (rng.chance(0.02)) {
        frun.debitIfCovered(i, i, scale.draw(rng, 30, 1500, true), 'TRANSFER', foreign.name, foreign.iban, rng.pick(FX_OUT_TEXTS));
      }
    }
    frun.flush(sink.entries, 'Initial deposit', fullName);
  }

  for (const account of accounts) sink.accounts.push(account);
  for (const plan of cardPlans) sink.cards.push(plan.card);
  return client;
}
