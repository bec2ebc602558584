/**
 * The scheme conversion of a foreign-currency card payment into the account's currency,
 * with fixed mock scheme rates (units of the currency per 1 EUR, no margin). These are
 * not the bank's own FX rates (core-banking/fx.ts): a card scheme converts at its own
 * daily rates, for more currencies. Exact bigint arithmetic, rounded half up to the
 * target currency's minor unit.
 */
import { currencyExponent } from '../../common/money.js';
import { divRoundHalfUp, parseRate, pow10 } from '../shared/decimal.js';

const UNITS_PER_EUR: Readonly<Record<string, string>> = {
  EUR: '1',
  USD: '1.08',
  GBP: '0.85',
  CHF: '0.95',
  RUB: '100',
  KZT: '520',
  JPY: '160',
  CNY: '7.8',
  PLN: '4.3',
  CZK: '25',
  SEK: '11.5',
  NOK: '11.6',
  DKK: '7.46',
  TRY: '35',
  AED: '3.97',
  UZS: '13500',
  KGS: '95',
};

export function canConvert(from: string, to: string): boolean {
  return from === to || (UNITS_PER_EUR[from] !== undefined && UNITS_PER_EUR[to] !== undefined);
}

/** Converts minor units of `from` into minor units of `to`; undefined when the mock has no rate. */
export function convertMinor(amount: bigint, from: string, to: string): bigint | undefined {
  if (from === to) return amount;
  const fromRate = UNITS_PER_EUR[from];
  const toRate = UNITS_PER_EUR[to];
  if (fromRate === undefined || toRate === undefined) return undefined;
  // amount / 10^e_from / fromRate * toRate * 10^e_to
  return divRoundHalfUp(amount * parseRate(toRate) * pow10(currencyExponent(to)), parseRate(fromRate) * pow10(currencyExponent(from)));
}
