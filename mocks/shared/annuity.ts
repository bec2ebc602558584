/** The level instalment of an annuity loan, in bigint minor units. */
import { divRoundHalfUp } from './decimal.js';

/** A monthly interest rate as an exact fraction (annual percent / 1200). */
export interface MonthlyRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The level instalment repaying `principal` in `count` months: P·r·(1+r)^n / ((1+r)^n − 1), rounded half up. */
export function annuityPayment(principal: bigint, rate: MonthlyRate, count: number): bigint {
  if (count <= 0) throw new RangeError('an annuity needs at least one instalment');
  const n = BigInt(count);
  if (rate.numerator === 0n) return (principal + n - 1n) / n;
  const growth = (rate.denominator + rate.numerator) ** n;
  const base = rate.denominator ** n;
  return divRoundHalfUp(principal * rate.numerator * growth, rate.denominator * (growth - base));
}
