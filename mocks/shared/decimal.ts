/**
 * Exact decimal arithmetic on bigints: powers of ten, division rounded half away from
 * zero, and decimal rates (cmn:Rate, FX rates, interest in percent) as fixed-point bigints
 * with ten fraction digits.
 */

export const RATE_SCALE = 10n ** 10n;
const RATE_DIGITS = 10;

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

/** A plain decimal ("1.085") in units of 1 / RATE_SCALE; digits beyond the tenth are cut. */
export function parseRate(text: string): bigint {
  const [integer = '0', fraction = ''] = text.split('.');
  return BigInt(integer) * RATE_SCALE + BigInt(fraction.padEnd(RATE_DIGITS, '0').slice(0, RATE_DIGITS));
}

/** A rate as cmn:Rate: plain decimal without trailing zeros. */
export function formatRate(rate: bigint): string {
  const integer = rate / RATE_SCALE;
  const fraction = (rate % RATE_SCALE).toString().padStart(RATE_DIGITS, '0').replace(/0+$/, '');
  return fraction === '' ? integer.toString() : `${integer}.${fraction}`;
}
