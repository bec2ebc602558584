/**
 * The scheme conversion of a foreign-currency card payment into the account's currency,
 * with fixed mock rates (units of the currency per 1 EUR). Exact bigint arithmetic,
 * rounded half up to the target currency's minor unit.
 */
import { currencyExponent } from '../../common/money.js';

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

/** A decimal rate as numerator / denominator. */
function rational(rate: string): { readonly numerator: bigint; readonly denominator: bigint } {
  const [integer = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(integer + fraction), denominator: 10n ** BigInt(fraction.length) };
}

export function canConvert(from: string, to: string): boolean {
  return from === to || (UNITS_PER_EUR[from] !== undefined && UNITS_PER_EUR[to] !== undefined);
}

/** Converts minor units of `from` into minor units of `to`; undefined when the mock has no rate. */
export function convertMinor(amount: bigint, from: string, to: string): bigint | undefined {
  if (from === to) return amount;
  const fromRate = UNITS_PER_EUR[from];
  const toRate = UNITS_PER_EUR[to];
  if (fromRate === undefined || toRate === undefined) return undefined;
  const source = rational(fromRate);
  const target = rational(toRate);
  // amount / 10^e_from / fromRate * toRate * 10^e_to
  const numerator = amount * target.numerator * source.denominator * 10n ** BigInt(currencyExponent(to));
  const denominator = target.denominator * source.numerator * 10n ** BigInt(currencyExponent(from));
  return (numerator * 2n + denominator) / (denominator * 2n);
}
