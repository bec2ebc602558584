/**
 * Annuity arithmetic in bigint minor units. The monthly rate is annualRate / 12 / 100 as an
 * exact fraction; each instalment's interest is the outstanding balance times that rate,
 * rounded half-up; the last instalment takes whatever principal remains, so the schedule
 * always repays the principal to the last minor unit.
 */
import { divRoundHalfUp } from './amounts.js';
import { parseRate, RATE_SCALE } from './fx.js';

export interface MonthlyRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface PlannedInstallment {
  readonly dueDate: string;
  readonly principal: bigint;
  readonly interest: bigint;
}

export function monthlyRate(annualRatePercent: string): MonthlyRate {
  return { numerator: parseRate(annualRatePercent), denominator: RATE_SCALE * 1200n };
}

export function monthlyInterest(balance: bigint, rate: MonthlyRate): bigint {
  return divRoundHalfUp(balance * rate.numerator, rate.denominator);
}

/** The level instalment repaying `principal` in `count` months: P·r·(1+r)^n / ((1+r)^n − 1). */
export function annuityPayment(principal: bigint, rate: MonthlyRate, count: number): bigint {
  if (count <= 0) throw new Error('an annuity needs at least one instalment');
  const n = BigInt(count);
  if (rate.numerator === 0n) return (principal + n - 1n) / n;
  const growth = (rate.denominator + rate.numerator) ** n;
  const base = rate.denominator ** n;
  return divRoundHalfUp(principal * rate.numerator * growth, rate.denominator * (growth - base));
}

/** Instalments of a fixed payment until the balance is repaid, on the given dates at most. */
export function fixedPaymentSchedule(principal: bigint, rate: MonthlyRate, payment: bigint, dueDates: readonly string[]): PlannedInstallment[] {
  const lines: PlannedInstallment[] = [];
  let balance = principal;
  for (let index = 0; index < dueDates.length && balance > 0n; index += 1) {
    const interest = monthlyInterest(balance, rate);
    const last = index === dueDates.length - 1;
    let repaid = payment - interest;
    if (last || repaid >= balance) repaid = balance;
    if (repaid < 0n) repaid = 0n;
    lines.push({ dueDate: dueDates[index]!, principal: repaid, interest });
    balance -= repaid;
  }
  return lines;
}

/** The annuity schedule of `principal` over the given due dates. */
export function annuitySchedule(principal: bigint, rate: MonthlyRate, dueDates: readonly string[]): PlannedInstallment[] {
  return fixedPaymentSchedule(principal, rate, annuityPayment(principal, rate, dueDates.length), dueDates);
}
