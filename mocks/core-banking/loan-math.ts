/**
 * Instalment bookkeeping of a loan: what remains due, how a payment is allocated (per
 * instalment, oldest first: fees and penalties, then interest, then principal), interest
 * accrued in the current period, and today's payoff amount.
 */
import { daysBetween } from '../shared/calendar.js';
import { divRoundHalfUp } from '../shared/decimal.js';

export interface Installment {
  number: number;
  readonly dueDate: string;
  principal: bigint;
  interest: bigint;
  fees: bigint;
  paidPrincipal: bigint;
  paidInterest: bigint;
  paidFees: bigint;
  lateFeeCharged: boolean;
}

export interface Allocation {
  readonly principal: bigint;
  readonly interest: bigint;
  readonly fees: bigint;
}

export interface Remaining extends Allocation {
  readonly total: bigint;
}

export function remainingOf(installment: Installment): Remaining {
  const principal = installment.principal - installment.paidPrincipal;
  const interest = installment.interest - installment.paidInterest;
  const fees = installment.fees - installment.paidFees;
  return { principal, interest, fees, total: principal + interest + fees };
}

export function dueOf(installments: readonly Installment[]): bigint {
  return installments.reduce((sum, installment) => sum + remainingOf(installment).total, 0n);
}

/** Allocates `amount` over the instalments in order; 'apply' records it as paid. */
export function allocate(installments: readonly Installment[], amount: bigint, mode: 'apply' | 'dry-run'): Allocation {
  let left = amount;
  let principal = 0n;
  let interest = 0n;
  let fees = 0n;
  const take = (due: bigint): bigint => {
    const part = due < left ? due : left;
    left -= part;
    return part;
  };
  for (const installment of installments) {
    if (left === 0n) break;
    const remaining = remainingOf(installment);
    const paidFees = take(remaining.fees);
    const paidInterest = take(remaining.interest);
    const paidPrincipal = take(remaining.principal);
    fees += paidFees;
    interest += paidInterest;
    principal += paidPrincipal;
    if (mode === 'apply') {
      installment.paidFees += paidFees;
      installment.paidInterest += paidInterest;
      installment.paidPrincipal += paidPrincipal;
    }
  }
  return { principal, interest, fees };
}

/** Interest of `current` accrued from the previous due date (or the start) to today, less what was paid. */
export function accruedInterestOf(installments: readonly Installment[], current: Installment, startDate: string, today: string): bigint {
  const index = installments.indexOf(current);
  const periodStart = index > 0 ? installments[index - 1]!.dueDate : startDate;
  const periodDays = daysBetween(periodStart, current.dueDate);
  const elapsed = Math.max(0, Math.min(daysBetween(periodStart, today), periodDays));
  const accrued = periodDays <= 0 ? current.interest : divRoundHalfUp(current.interest * BigInt(elapsed), BigInt(periodDays));
  const unpaid = accrued - current.paidInterest;
  return unpaid > 0n ? unpaid : 0n;
}

/** Today's payoff: everything overdue, interest accrued in the current period with its fees, and all principal still to repay. */
export function payoffOf(installments: readonly Installment[], startDate: string, today: string): { readonly total: bigint } {
  const overdue = installments.filter((installment) => installment.dueDate < today);
  const future = installments.filter((installment) => installment.dueDate >= today && remainingOf(installment).total > 0n);
  const current = future[0];
  const principal = future.reduce((sum, installment) => sum + remainingOf(installment).principal, 0n);
  const currentPart = current ? accruedInterestOf(installments, current, startDate, today) + remainingOf(current).fees : 0n;
  return { total: dueOf(overdue) + currentPart + principal };
}
