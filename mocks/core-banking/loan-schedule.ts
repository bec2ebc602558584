/**
 * Annuity arithmetic in bigint minor units. The monthly rate is annualRate / 12 / 100 as an
 * exact fraction; each instalment's interest is the outstanding balance times that rate,
 * rounded half-up; the last instalment takes whatever principal remains, so the schedule
 * always repays the principal to the last minor unit.
 */
import { annuityPayment, type MonthlyRate } from '../shared/annuity.js';
import { RATE_SCALE, divRoundHalfUp, parseRate } from '../shared/decimal.js';

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
