/**
 * Money: decimal strings on the wire, bigint minor units inside.
 *
 * A JavaScript number never holds an amount: 0.1 + 0.2 is not 0.3, and integers above
 * 2^53 lose digits. Amounts are parsed from and written to the wire format of the
 * contracts (cmn:Amount / cmn:SignedAmount: plain decimal, no exponent, at most the
 * currency's minor digits) and held as bigint counts of the currency's minor unit.
 */
import currencyCodes from 'currency-codes';

export type MoneyErrorCode = 'INVALID_MONEY' | 'UNKNOWN_CURRENCY';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Money {
  /** Amount in minor units of the currency (cents for EUR, yen for JPY, fils for KWD). */
  readonly minor: bigint;
  /** ISO 4217 alphabetic code. */
  readonly currency: string;
}

/**
 * ISO 4217 codes that are money here, with their minor-unit exponent. Precious metals,
 * bond-market units and the testing codes (ISO minor unit "N.A.") are not.
 */
const EXPONENTS: ReadonlyMap<string, number> = new Map(
  currencyCodes.data
    .filter((record) => record.countries.some((country) => !country.startsWith('Zz')))
    .map((record) => [record.code, record.digits] as const),
);

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const AMOUNT_PATTERN = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
/** 18 integer digits, as the contracts' patterns allow. */
const MAX_INTEGER_DIGITS = 18;

/** The number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3, CLF 4). */
export function currencyExponent(currency: string): number {
  if (typeof currency !== 'string' || !CURRENCY_PATTERN.test(currency)) {
    throw new MoneyError(
      'UNKNOWN_CURRENCY',
      `currency must be an ISO 4217 code of three upper-case letters, got ${describe(currency)}`,
    );
  }
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    throw new MoneyError('UNKNOWN_CURRENCY', `${currency} is not an active ISO 4217 currency`);
  }
  return exponent;
}

export function isCurrency(currency: string): boolean {
  return EXPONENTS.has(currency);
}

export interface ParseOptions {
  /** Accept a leading minus sign (balances only). Default false. */
  readonly signed?: boolean;
}

/**
 * Parses a wire amount ("1250.50") in the given currency into minor units.
 * Refuses exponents, signs where not allowed, leading zeros, separators, whitespace and
 * more fraction digits than the currency has.
 */
export function parseAmount(amount: string, currency: string, options: ParseOptions = {}): Money {
  const exponent = currencyExponent(currency);
  if (typeof amount !== 'string') {
    throw new MoneyError('INVALID_MONEY', `amount must be a decimal string, got ${describe(amount)}`);
  }
  const match = AMOUNT_PATTERN.exec(amount);
  if (!match) {
    const hint = /[eE]/.test(amount) ? ' (exponent notation is not allowed)' : '';
    throw new MoneyError('INVALID_MONEY', `amount ${describe(amount)} is not a plain decimal number${hint}`);
  }
  const [, sign, integer, fraction = ''] = match as unknown as [string, string, string, string | undefined];
  if (sign && !options.signed) {
    throw new MoneyError('INVALID_MONEY', `amount ${describe(amount)} must not be negative`);
  }
  if (integer.length > MAX_INTEGER_DIGITS) {
    throw new MoneyError('INVALID_MONEY', `amount ${describe(amount)} has more than ${MAX_INTEGER_DIGITS} integer digits`);
  }
  if (fraction.length > exponent) {
    throw new MoneyError(
      'INVALID_MONEY',
      `amount ${describe(amount)} has ${fraction.length} decimals; ${currency} allows at most ${exponent}`,
    );
  }
  const digits = BigInt(integer + fraction.padEnd(exponent, '0'));
  const minor = sign ? -digits : digits;
  return { minor: minor === 0n ? 0n : minor, currency };
}

/** Writes minor units as a wire amount with exactly the currency's minor digits ("1250.50", "100", "1.005"). */
export function formatAmount(money: Money): string {
  const exponent = currencyExponent(money.currency);
  if (typeof money.minor !== 'bigint') {
    throw new MoneyError('INVALID_MONEY', `minor units must be a bigint, got ${describe(money.minor)}`);
  }
  const negative = money.minor < 0n;
  const digits = (negative ? -money.minor : money.minor).toString().padStart(exponent + 1, '0');
  const integer = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${integer}${exponent > 0 ? `.${fraction}` : ''}`;
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('INVALID_MONEY', `cannot combine ${a.currency} with ${b.currency}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  return `${typeof value} ${String(value)}`;
}
