/**
 * Loans (seeded only: the contract has no operation that opens one). The loan's principal
 * is an asset account of its own in the ledger (debited when lent, credited by repaid
 * principal); interest and fees go to the bank's income accounts. Instalments follow an
 * annuity schedule; an instalment past its due date and not paid is overdue and is charged
 * the late-payment fee once. Instalments are collected from the repayment account on their
 * due date when it has the funds.
 */
import type { Money } from '../../common/money.js';
import type { ChangePayload } from '../push/types.js';
import type { SeedLoan } from '../seed/dataset.js';
import { addMonths } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import type { BankCore } from './core.js';
import { fault } from './faults.js';
import type { PostingSpec } from './ledger.js';
import { annuitySchedule, fixedPaymentSchedule, monthlyRate, type PlannedInstallment } from './loan-schedule.js';
import { LOAN_PRODUCT } from './products.js';
import { installmentView, loanScheduleChangedPayload } from './product-views.js';
import { latePaymentFee, type Channel } from './tariff.js';
import { accruedInterestOf, allocate, dueOf, payoffOf, remainingOf, type Allocation, type Installment } from './loan-math.js';

export type LoanStatus = 'ACTIVE' | 'OVERDUE' | 'REPAID' | 'WRITTEN_OFF';
export type RepaymentType = 'REGULAR' | 'EARLY_REDUCE_INSTALLMENT' | 'EARLY_REDUCE_TERM' | 'FULL';

export interface Loan {
  readonly loanId: string;
  readonly clientId: string;
  readonly currency: string;
  readonly principal: bigint;
  readonly annualRate: string;
  readonly startDate: string;
  readonly repaymentAccountId: string;
  readonly productCode: string;
  readonly productName: string;
  /** Ledger account of the outstanding principal (negative balance: the bank's claim). */
  readonly principalAccount: string;
  installments: Installment[];
  status: LoanStatus;
}

export interface RepaymentRequest {
  readonly clientId: string;
  readonly loanId: string;
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly repaymentType: RepaymentType;
  readonly channel: Channel;
}

export interface Repayment {
  readonly repaymentId: string;
  readonly allocation: Allocation;
  readonly currency: string;
  readonly outstandingPrincipal: bigint;
  readonly loanStatus: LoanStatus;
  /** The next instalment as a response value, frozen at the time of the repayment. */
  readonly nextInstallment: ReturnType<typeof installmentView> | undefined;
  readonly bookingDate: string;
  readonly entryReference: string;
}

export class LoanBook {
  private readonly loans = new Map<string, Loan>();
  private repaymentCounter = 0;

  constructor(private readonly core: BankCore) {}

  /** Brings a seeded loan in: the disbursement and the instalments due before today count as history (against clearing). */
  seed(seed: SeedLoan): void {
    if (this.loans.has(seed.loanId)) throw new Error(`duplicate loan ${seed.loanId}`);
    const core = this.core;
    const dueDates = Array.from({ length: seed.termMonths }, (_, index) => addMonths(seed.startDate, index + 1));
    const loan: Loan = {
      loanId: seed.loanId,
      clientId: seed.clientId,
      currency: seed.currency,
      principal: seed.principal,
      annualRate: seed.annualRate,
      startDate: seed.startDate,
      repaymentAccountId: seed.accountId,
      productCode: LOAN_PRODUCT.productCode,
      productName: LOAN_PRODUCT.productName,
      principalAccount: core.ledger.internal(`LOAN:${seed.loanId}`, seed.currency),
      installments: toInstallments(annuitySchedule(seed.principal, monthlyRate(seed.annualRate), dueDates), 1),
      status: 'ACTIVE',
    };
    this.loans.set(loan.loanId, loan);
    const clearing = core.ledger.gl('CLEARING', loan.currency);
    this.post(loan, 'seed', [{ accountId: loan.principalAccount, amount: -loan.principal }, { accountId: clearing, amount: loan.principal }]);
    const today = core.today();
    const past = loan.installments.filter((installment) => installment.dueDate < today);
    const principal = past.reduce((sum, installment) => sum + installment.principal, 0n);
    const interest = past.reduce((sum, installment) => sum + installment.interest, 0n);
    for (const installment of past) {
      installment.paidPrincipal = installment.principal;
      installment.paidInterest = installment.interest;
    }
    this.post(loan, 'seed', [
      { accountId: clearing, amount: -(principal + interest) },
      { accountId: loan.principalAccount, amount: principal },
      { accountId: core.ledger.gl('INTEREST_INCOME', loan.currency), amount: interest },
    ]);
    this.refreshStatus(loan, today);
  }

  requireFor(loanId: string, clientId: string | undefined): Loan {
    const loan = this.loans.get(loanId);
    if (!loan || (clientId !== undefined && loan.clientId !== clientId)) throw fault('LOAN_NOT_FOUND', `no loan ${loanId}`, 'loanId');
    return loan;
  }

  /** Every loan, in the order they came into the book. */
  all(): IterableIterator<Loan> {
    return this.loans.values();
  }

  ofClient(clientId: string): Loan[] {
    return [...this.loans.values()]
      .filter((loan) => loan.clientId === clientId)
      .sort((a, b) => compareText(a.startDate, b.startDate) || compareText(a.loanId, b.loanId));
  }

  outstandingPrincipal(loan: Loan): bigint {
    return -this.core.ledger.bookedBalance(loan.principalAccount);
  }

  overdueAmount(loan: Loan, today: string): bigint {
    return loan.installments.filter((installment) => installment.dueDate < today).reduce((sum, installment) => sum + remainingOf(installment).total, 0n);
  }

  /** What repays the loan in full today. */
  payoff(loan: Loan, today: string): bigint {
    return payoffOf(loan.installments, loan.startDate, today).total;
  }

  nextInstallment(loan: Loan): Installment | undefined {
    return loan.installments.find((installment) => remainingOf(installment).total > 0n);
  }

  repay(idempotencyKey: string, request: RepaymentRequest): Repayment {
    return this.core.idempotency.run({ operation: 'RepayLoan', idempotencyKey, content: request }, () => {
      const core = this.core;
      const today = core.today();
      const loan = this.requireFor(request.loanId, request.clientId);
      if (loan.status !== 'ACTIVE' && loan.status !== 'OVERDUE') throw fault('INVALID_STATE', `loan ${loan.loanId} is ${loan.status}`, 'loanId');
      const account = core.ownedAccount(request.clientId, request.fromAccountId, 'fromAccountId');
      core.requireDebitable(account, 'fromAccountId');
      if (account.currency !== loan.currency || request.amount.currency !== loan.currency) {
        throw fault('CURRENCY_MISMATCH', "the account and the amount must be in the loan's currency", 'amount/currency');
      }
      const amount = request.amount.minor;
      const allocation = this.apply(loan, request.repaymentType, amount, today, true);
      if (core.balances(account.accountId).available < amount) throw fault('INSUFFICIENT_FUNDS', 'the available balance does not cover the amount', 'amount/amount');
      this.apply(loan, request.repaymentType, amount, today, false);
      const entryReference = this.book(loan, account.accountId, allocation, 'RepayLoan', idempotencyKey, today);
      this.publish(loan, today);
      this.repaymentCounter += 1;
      const next = this.nextInstallment(loan);
      return {
        repaymentId: `RPY-${String(this.repaymentCounter).padStart(8, '0')}`,
        allocation,
        currency: loan.currency,
        outstandingPrincipal: this.outstandingPrincipal(loan),
        loanStatus: loan.status,
        nextInstallment: next ? installmentView(next, loan.currency, today) : undefined,
        bookingDate: today,
        entryReference,
      };
    });
  }

  /** On and after due dates: collects instalments from the repayment account, or charges the late fee once overdue. */
  processDueDates(date: string): void {
    for (const loan of this.loans.values()) {
      if (loan.status !== 'ACTIVE' && loan.status !== 'OVERDUE') continue;
      let changed = false;
      for (const installment of loan.installments) {
        const due = remainingOf(installment).total;
        if (installment.dueDate > date || due === 0n) continue;
        const account = this.core.account(loan.repaymentAccountId);
        if (account && account.status === 'OPEN' && this.core.balances(account.accountId).available >= due) {
          const allocation = allocate([installment], due, 'apply');
          this.book(loan, account.accountId, allocation, 'loanCollection', undefined, date);
          changed = true;
        } else if (installment.dueDate < date && !installment.lateFeeCharged) {
          installment.fees += latePaymentFee(loan.currency);
          installment.lateFeeCharged = true;
          changed = true;
        }
      }
      const before = loan.status;
      this.refreshStatus(loan, date);
      if (changed || before !== loan.status) this.publish(loan, date);
    }
  }

  /**
   * Allocates a repayment by type and, unless `dryRun`, changes the schedule. Checks the
   * type's limits (LIMIT_EXCEEDED, INVALID_MONEY for a FULL amount other than the payoff).
   */
  private apply(loan: Loan, type: RepaymentType, amount: bigint, today: string, dryRun: boolean): Allocation {
    const mode = dryRun ? 'dry-run' : 'apply';
    const overdue = loan.installments.filter((installment) => installment.dueDate < today && remainingOf(installment).total > 0n);
    const current = loan.installments.find((installment) => installment.dueDate >= today && remainingOf(installment).total > 0n);
    if (type === 'REGULAR') {
      const due = dueOf([...overdue, ...(current ? [current] : [])]);
      if (amount > due) throw fault('LIMIT_EXCEEDED', 'a regular repayment cannot exceed what is due up to the next instalment', 'amount/amount');
      return allocate([...overdue, ...(current ? [current] : [])], amount, mode);
    }
    const payoff = payoffOf(loan.installments, loan.startDate, today);
    if (type === 'FULL') {
      if (amount !== payoff.total) throw fault('INVALID_MONEY', 'a full repayment must carry exactly the payoff amount of today', 'amount/amount');
      const allocation = allocate(overdue, dueOf(overdue), mode);
      const future = loan.installments.filter((installment) => installment.dueDate >= today && remainingOf(installment).total > 0n);
      const closing = future[0];
      const principal = future.reduce((sum, installment) => sum + remainingOf(installment).principal, 0n);
      const interest = closing ? accruedInterestOf(loan.installments, closing, loan.startDate, today) : 0n;
      const fees = closing ? remainingOf(closing).fees : 0n;
      if (!dryRun && closing) {
        closing.principal = closing.paidPrincipal + principal;
        closing.interest = closing.paidInterest + interest;
        closing.paidPrincipal = closing.principal;
        closing.paidInterest = closing.interest;
        closing.paidFees = closing.fees;
        loan.installments = loan.installments.filter((installment) => installment.dueDate < today || installment === closing);
      }
      return { principal: allocation.principal + principal, interest: allocation.interest + interest, fees: allocation.fees + fees };
    }
    if (amount >= payoff.total) throw fault('LIMIT_EXCEEDED', 'an early partial repayment must be below the payoff amount; use FULL', 'amount/amount');
    const overdueDue = dueOf(overdue);
    const toOverdue = amount < overdueDue ? amount : overdueDue;
    const allocation = allocate(overdue, toOverdue, mode);
    const extra = amount - toOverdue;
    if (extra === 0n) return allocation;
    const future = loan.installments.filter((installment) => installment.dueDate >= today && remainingOf(installment).total > 0n);
    const futurePrincipal = future.reduce((sum, installment) => sum + remainingOf(installment).principal, 0n);
    if (extra >= futurePrincipal) throw fault('LIMIT_EXCEEDED', 'the early repayment would repay all principal; use FULL', 'amount/amount');
    if (!dryRun) this.reschedule(loan, future, futurePrincipal - extra, type);
    return { ...allocation, principal: allocation.principal + extra };
  }

  /** Rebuilds the unpaid future instalments after an early repayment. */
  private reschedule(loan: Loan, future: Installment[], principal: bigint, type: RepaymentType): void {
    const rate = monthlyRate(loan.annualRate);
    const touched = future.filter((installment) => installment.paidPrincipal + installment.paidInterest + installment.paidFees > 0n);
    const untouched = future.filter((installment) => !touched.includes(installment));
    if (untouched.length === 0) {
      // Only partly paid instalments are left: they simply owe less principal, the last one first.
      let reduction = future.reduce((sum, installment) => sum + remainingOf(installment).principal, 0n) - principal;
      for (const installment of [...touched].reverse()) {
        const cut = remainingOf(installment).principal < reduction ? remainingOf(installment).principal : reduction;
        installment.principal -= cut;
        reduction -= cut;
      }
      return;
    }
    for (const installment of touched) {
      // A partly paid instalment ends at what was paid; its unpaid principal moves into the new schedule.
      installment.principal = installment.paidPrincipal;
      installment.interest = installment.paidInterest;
      installment.fees = installment.paidFees;
    }
    const dueDates = untouched.map((installment) => installment.dueDate);
    const payment = untouched[0]!.principal + untouched[0]!.interest;
    const lines: PlannedInstallment[] =
      type === 'EARLY_REDUCE_TERM' ? fixedPaymentSchedule(principal, rate, payment, dueDates) : annuitySchedule(principal, rate, dueDates);
    const kept = loan.installments.filter((installment) => !untouched.includes(installment));
    loan.installments = [...kept, ...toInstallments(lines, kept.length + 1)];
  }

  private book(loan: Loan, accountId: string, allocation: Allocation, operation: string, idempotencyKey: string | undefined, date: string): string {
    const ledger = this.core.ledger;
    const total = allocation.principal + allocation.interest + allocation.fees;
    const journal = this.post(loan, operation, [
      { accountId, amount: -total, entry: { kind: 'LOAN_REPAYMENT', counterparty: { name: `${loan.productName} ${loan.loanId}`.slice(0, 140) }, remittanceInformation: `Repayment of loan ${loan.loanId}` } },
      { accountId: loan.principalAccount, amount: allocation.principal },
      { accountId: ledger.gl('INTEREST_INCOME', loan.currency), amount: allocation.interest },
      { accountId: ledger.gl('FEE_INCOME', loan.currency), amount: allocation.fees },
    ], idempotencyKey, date);
    this.refreshStatus(loan, date);
    return journal!.entries[0]!.entryReference;
  }

  private refreshStatus(loan: Loan, today: string): void {
    if (loan.status === 'WRITTEN_OFF') return;
    if (loan.installments.every((installment) => remainingOf(installment).total === 0n)) loan.status = 'REPAID';
    else loan.status = this.overdueAmount(loan, today) > 0n ? 'OVERDUE' : 'ACTIVE';
  }

  private post(_loan: Loan, operation: string, postings: PostingSpec[], idempotencyKey?: string, bookingDate?: string) {
    if (postings.filter((posting) => posting.amount !== 0n).length < 2) return undefined;
    return this.core.post({ postings, source: { operation, ...(idempotencyKey ? { idempotencyKey } : {}) }, ...(bookingDate ? { bookingDate } : {}) });
  }

  /** LoanScheduleChanged with the loan as it stands on `today`. */
  scheduleChanged(loan: Loan, today: string): ChangePayload {
    return { loanScheduleChanged: loanScheduleChangedPayload(loan, this.outstandingPrincipal(loan), today) };
  }

  private publish(loan: Loan, today: string): void {
    this.core.publish('LOAN', loan.loanId, this.scheduleChanged(loan, today));
  }
}

function toInstallments(lines: readonly PlannedInstallment[], firstNumber: number): Installment[] {
  return lines.map((line, index) => ({
    number: firstNumber + index,
    dueDate: line.dueDate,
    principal: line.principal,
    interest: line.interest,
    fees: 0n,
    paidPrincipal: 0n,
    paidInterest: 0n,
    paidFees: 0n,
    lateFeeCharged: false,
  }));
}
