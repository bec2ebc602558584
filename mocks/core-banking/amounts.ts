/** Money helpers of the core banking mock on top of common/money.ts: wire views and request amounts. */
import { currencyExponent, parseAmount, type Money } from '../../common/money.js';
import { pow10 } from '../shared/decimal.js';
import { moneyOrFault, moneyValue } from '../shared/money.js';
import { fault } from './faults.js';

export function money(minor: bigint, currency: string): Money {
  return { minor, currency };
}

/** A non-negative amount as cmn:Money. */
export function moneyView(minor: bigint, currency: string): { amount: string; currency: string } {
  if (minor < 0n) throw new Error(`negative amount ${minor} ${currency} where cmn:Money is required`);
  return moneyValue(minor, currency);
}

export function minorPerMajor(currency: string): bigint {
  return pow10(currencyExponent(currency));
}

/**
 * Reads a cmn:Money of a request. INVALID_MONEY and UNKNOWN_CURRENCY as the contract says;
 * a zero amount is not a valid amount to move or block.
 */
export function parseRequestMoney(value: { amount: string; currency: string }, field: string, options: { allowZero?: boolean } = {}): Money {
  const parsed = moneyOrFault(field, () => parseAmount(value.amount, value.currency));
  if (parsed.minor === 0n && !options.allowZero) throw fault('INVALID_MONEY', `${field} must be greater than zero`, field);
  return parsed;
}

/** Reads a currency code of a request (UNKNOWN_CURRENCY when it is not an active ISO 4217 code). */
export function parseRequestCurrency(currency: string, field: string): string {
  moneyOrFault(field, () => currencyExponent(currency));
  return currency;
}
