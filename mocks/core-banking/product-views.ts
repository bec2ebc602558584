/** Deposits and loans as plain response and event values. */
import type { EncodableObject } from '../../common/soap/codec.js';
import { moneyView } from './amounts.js';
import type { Deposit, InterestLine } from './deposits.js';
import { remainingOf, type Installment } from './loan-math.js';
import type { Loan } from './loans.js';

export function depositView(deposit: Deposit, principal: bigint, accruedInterest: bigint): EncodableObject {
  const rate = deposit.product.earlyClosureRate;
  return {
    depositId: deposit.depositId,
    clientId: deposit.clientId,
    productCode: deposit.product.productCode,
    productName: deposit.productName,
    status: deposit.status,
    principal: moneyView(principal, deposit.currency),
    accruedInterest: moneyView(accruedInterest, deposit.currency),
    interestRate: deposit.interestRate,
    ...(rate !== undefined ? { earlyClosureRate: rate } : {}),
    termMonths: deposit.termMonths,
    openingDate: deposit.openingDate,
    maturityDate: deposit.maturityDate,
    ...(deposit.earliestClosureDate !== undefined ? { earliestClosureDate: deposit.earliestClosureDate } : {}),
    payoutAccountId: deposit.payoutAccountId,
    ...(deposit.status === 'CLOSED' && deposit.closingDate !== undefined ? { closingDate: deposit.closingDate } : {}),
  };
}

export function depositChangedPayload(deposit: Deposit, principal: bigint, accruedInterest: bigint): EncodableObject {
  return {
    depositId: deposit.depositId,
    clientId: deposit.clientId,
    status: deposit.status,
    principal: moneyView(principal, deposit.currency),
    accruedInterest: moneyView(accruedInterest, deposit.currency),
    interestRate: deposit.interestRate,
    maturityDate: deposit.maturityDate,
  };
}

/**
 * One schedule line. `interest` is what was paid, or projected; `principal` appears on the
 * maturity line (what was paid back, or the current principal while planned).
 */
export function interestPaymentView(deposit: Deposit, line: InterestLine, interest: bigint, principal: bigint): EncodableObject {
  const maturityLine = line.paymentDate === deposit.maturityDate;
  const principalShown = line.status === 'PAID' ? line.paidPrincipal : line.status === 'PLANNED' ? principal : undefined;
  return {
    number: line.number,
    paymentDate: line.paymentDate,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    interest: moneyView(interest, deposit.currency),
    ...(maturityLine && principalShown !== undefined ? { principal: moneyView(principalShown, deposit.currency) } : {}),
    capitalised: deposit.product.capitalised && !maturityLine,
    status: line.status,
  };
}

export function installmentStatus(installment: Installment, today: string): 'PLANNED' | 'PAID' | 'PARTIALLY_PAID' | 'OVERDUE' {
  if (remainingOf(installment).total === 0n) return 'PAID';
  if (installment.paidPrincipal + installment.paidInterest + installment.paidFees > 0n) return 'PARTIALLY_PAID';
  return installment.dueDate < today ? 'OVERDUE' : 'PLANNED';
}

export function installmentView(installment: Installment, currency: string, today: string): EncodableObject {
  return {
    number: installment.number,
    dueDate: installment.dueDate,
    principal: moneyView(installment.principal, currency),
    interest: moneyView(installment.interest, currency),
    ...(installment.fees > 0n ? { fees: moneyView(installment.fees, currency) } : {}),
    total: moneyView(installment.principal + installment.interest + installment.fees, currency),
    status: installmentStatus(installment, today),
  };
}

export interface LoanFigures {
  readonly outstandingPrincipal: bigint;
  readonly overdueAmount: bigint;
  readonly payoffAmount: bigint;
  readonly nextInstallment: Installment | undefined;
}

export function loanView(loan: Loan, figures: LoanFigures, today: string): EncodableObject {
  const open = loan.status === 'ACTIVE' || loan.status === 'OVERDUE';
  const last = loan.installments[loan.installments.length - 1];
  return {
    loanId: loan.loanId,
    clientId: loan.clientId,
    productCode: loan.productCode,
    productName: loan.productName,
    status: loan.status,
    principal: moneyView(loan.principal, loan.currency),
    outstandingPrincipal: moneyView(figures.outstandingPrincipal, loan.currency),
    ...(loan.status === 'OVERDUE' ? { overdueAmount: moneyView(figures.overdueAmount, loan.currency) } : {}),
    interestRate: loan.annualRate,
    termMonths: loan.installments.length,
    startDate: loan.startDate,
    maturityDate: last ? last.dueDate : loan.startDate,
    repaymentAccountId: loan.repaymentAccountId,
    ...(open && figures.nextInstallment ? { nextInstallment: installmentView(figures.nextInstallment, loan.currency, today) } : {}),
    ...(open ? { payoffAmount: moneyView(figures.payoffAmount, loan.currency) } : {}),
  };
}

export function loanScheduleChangedPayload(loan: Loan, outstandingPrincipal: bigint, today: string): EncodableObject {
  return {
    loanId: loan.loanId,
    clientId: loan.clientId,
    status: loan.status,
    outstandingPrincipal: moneyView(outstandingPrincipal, loan.currency),
    installment: loan.installments.map((installment) => installmentView(installment, loan.currency, today)),
  };
}
