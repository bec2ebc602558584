/** Money helpers on top of common/money.ts: rounding, wire views and request amounts. */
import { currencyExponent, formatAmount, parseAmount, type Money } from '../../common/money.js';
import { fault, moneyFault } from './faults.js';

export function money(minor: bigint, currency: string): Money {
  return { minor, currency };
}

/** A non-negative amount as cmn:Money. */
export function moneyView(minor: bigint, currency: string): { amount: string; currency: string } {
  if (minor < 0n) throw new Error(`negative amount ${minor} ${currency} where cmn:Money is required`);
  return { amount: formatAmount({ minor, currency }), currency };
}

/** A balance as cmn:SignedMoney. */
export function signedMoneyView(minor: bigint, currency: string): { amount: string; currency: string } {
  return { amount: formatAmount({ minor, currency }), currency };
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** numerator / denominator rounded half away from zero (denominator positive). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (magnitude * 2n + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

export function minorPerMajor(currency: string): bigint {
  return pow10(currencyExponent(currency));
}

/**
 * Reads a cmn:Money of a request. INVALID_MONEY and UNKNOWN_CURRENCY as the contract says;
 * a zero amount is not a valid amount to move or block.
 */
export function parseRequestMoney(value: { amount: string; currency: string }, field: string, options: { allowZero?: boolean } = {}): Money {
  let parsed: Money;
  try {
    parsed = parseAmount(value.amount, value.currency);
  } catch (error) {
    moneyFault(error, field);
  }
  if (parsed.minor === 0n && !options.allowZero) throw fault('INVALID_MONEY', `${field} must be greater than zero`, field);
  return parsed;
}

/** Reads a currency code of a request (UNKNOWN_CURRENCY when it is not an active ISO 4217 code). */
export function parseRequestCurrency(currency: string, field: string): string {
  try {
    currencyExponent(currency);
  } catch (error) {
    moneyFault(error, field);
  }
  return currency;
}
