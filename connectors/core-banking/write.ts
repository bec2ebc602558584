/**
 * Request values as node-soap serialises them: text for every simple value (money as the
 * contract's decimal strings, never a number), nested objects in the XSD's child order
 * (node-soap writes keys in insertion order), optional elements left out when undefined.
 * Each value is checked against its XSD type first, so that bad input fails here with a
 * CoreBankingRequestError naming the field instead of travelling to the ABS.
 */
import { MoneyError, currencyExponent, formatAmount, type Money } from '../../common/money.js';
import { CoreBankingRequestError } from './errors.js';

export type RequestValue = string | RequestObject;
export interface RequestObject {
  readonly [name: string]: RequestValue;
}

const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,64}$/;
const IBAN = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const invalid = (field: string, message: string): CoreBankingRequestError => new CoreBankingRequestError('INVALID_REQUEST', field, message);

function matching(value: unknown, pattern: RegExp, field: string, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid(field, `${describe(value)} is not ${what}`);
  return value;
}

/** A cmn:Identifier: 1–64 letters, digits, dot, underscore, colon, hyphen. */
export const identifier = (value: string, field: string): string => matching(value, IDENTIFIER, field, 'an identifier (1–64 of A–Z a–z 0–9 . _ : -)');

/** A cmn:IdempotencyKey: 8–64 of the identifier characters (a UUID fits). */
export const idempotencyKey = (value: string, field: string): string =>
  matching(value, IDEMPOTENCY_KEY, field, 'an idempotency key (8–64 of A–Z a–z 0–9 . _ : -)');

export const iban = (value: string, field: string): string => matching(value, IBAN, field, 'an IBAN in electronic form (upper case, no spaces)');

export const bic = (value: string, field: string): string => matching(value, BIC, field, 'a BIC of 8 or 11 characters');

/** A cmn:CurrencyCode that is an active ISO 4217 currency. */
export function currency(value: string, field: string): string {
  matching(value, CURRENCY, field, 'an ISO 4217 currency code');
  try {
    currencyExponent(value);
  } catch (error) {
    if (error instanceof MoneyError) throw new CoreBankingRequestError(error.code, field, error.message);
    throw error;
  }
  return value;
}

/** A cmn:ShortText: 1–140 characters. */
export function shortText(value: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || [...value].length > 140) throw invalid(field, 'must be text of 1 to 140 characters');
  return value;
}

/** An xs:date given as "YYYY-MM-DD" and naming a real day. */
export function date(value: string, field: string): string {
  const parsed = typeof value === 'string' && DATE.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) throw invalid(field, `${describe(value)} is not a date YYYY-MM-DD`);
  return value;
}

/** A cmn:Timestamp, written in UTC. */
export function timestamp(value: Date, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(field, 'must be a valid instant');
  return value.toISOString();
}

/** A cmn:Money: a non-negative amount with at most its currency's minor digits, as a decimal string. */
export function money(value: Money, field: string): RequestObject {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'must be an amount of money');
  const code = currency(value.currency, `${field}/currency`);
  if (typeof value.minor !== 'bigint') throw new CoreBankingRequestError('INVALID_MONEY', `${field}/amount`, 'minor units must be a bigint');
  if (value.minor < 0n) throw new CoreBankingRequestError('INVALID_MONEY', `${field}/amount`, 'an amount must not be negative');
  return { amount: formatAmount(value), currency: code };
}

export const bool = (value: boolean, field: string): string => {
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value ? 'true' : 'false';
};

/** A whole number within [min, max], written as text. */
export function integer(value: number, field: string, min: number, max: number): string {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(field, `must be a whole number from ${min} to ${max}`);
  return String(value);
}

export function oneOf<T extends string>(value: T, values: readonly T[], field: string): T {
  if (!(values as readonly string[]).includes(value)) throw invalid(field, `${describe(value)} is not one of ${values.join(', ')}`);
  return value;
}

/**
 * The entries whose value is defined, in the given order: a request object in the XSD's
 * child order with its absent optional elements left out.
 */
export function elements(entries: readonly (readonly [string, RequestValue | undefined])[]): RequestObject {
  const result: Record<string, RequestValue> = {};
  for (const [name, value] of entries) if (value !== undefined) result[name] = value;
  return result;
}

/** Builds an optional value only when it is given. */
export function optional<T, R>(value: T | undefined, build: (value: T) => R): R | undefined {
  return value === undefined ? undefined : build(value);
}

/** Checks that a request argument is an object before its fields are read. */
export function structure<T>(value: T, field: string): T {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'is missing');
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'bigint' ? `${value}n` : String(value);
}
