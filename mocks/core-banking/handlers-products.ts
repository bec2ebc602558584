/** Handlers of the product operations: term deposits and loans. */
import { moneyView } from './amounts.js';
import type { OperationHandlers } from './handlers.js';
import type { Deposit } from './deposits.js';
import type { Loan, RepaymentType } from './loans.js';
import { depositView, installmentView, interestPaymentView, loanView } from './product-views.js';
import * as read from './request.js';
import type { CoreBankingState } from './state.js';

const REPAYMENT_TYPES: readonly RepaymentType[] = ['REGULAR', 'EARLY_REDUCE_INSTALLMENT', 'EARLY_REDUCE_TERM', 'FULL'];

export function productHandlers(state: CoreBankingState): OperationHandlers {
  const core = state.core;
  const deposits = state.deposits;
  const loans = state.loans;
  const deposit = (item: Deposit) => depositView(item, deposits.principal(item), deposits.accruedInterest(item));
  const loan = (item: Loan) => {
    const today = core.today();
    return loanView(
      item,
      {
        outstandingPrincipal: loans.outstandingPrincipal(item),
        overdueAmount: loans.overdueAmount(item, today),
        payoffAmount: loans.payoff(item, today),
        nextInstallment: loans.nextInstallment(item),
      },
      today,
    );
  };

  return {
    GetClientDeposits: (request) => {
      const client = core.requireClient(read.text(request, 'clientId'));
      const includeClosed = read.flag(request, 'includeClosed');
      const list = deposits.ofClient(client.clientId).filter((item) => includeClosed || item.status === 'ACTIVE');
      return { deposit: list.slice(0, 500).map(deposit) };
    },

    GetDeposit: (request) => ({ deposit: deposit(deposits.requireFor(read.text(request, 'depositId'), read.optionalText(request, 'clientId'))) }),

    GetDepositSchedule: (request) => {
      const found = deposits.requireFor(read.text(request, 'depositId'), read.optionalText(request, 'clientId'));
      const principal = deposits.principal(found);
      // A product paying everything at maturity shows no line until it has matured.
      const lines = found.product.interestPayment === 'AT_MATURITY' && found.status !== 'MATURED' ? [] : found.lines;
      return {
        depositId: found.depositId,
        payment: lines.map((line) => interestPaymentView(found, line, deposits.lineInterest(found, line, principal), principal)),
      };
    },

    OpenDeposit: (request) => {
      const payoutAccountId = read.optionalText(request, 'payoutAccountId');
      const opened = deposits.open(read.text(request, 'idempotencyKey'), {
        clientId: read.text(request, 'clientId'),
        productCode: read.text(request, 'productCode'),
        sourceAccountId: read.text(request, 'sourceAccountId'),
        amount: read.money(request, 'amount'),
        termMonths: read.integer(request, 'termMonths', 1, 600),
        ...(payoutAccountId !== undefined ? { payoutAccountId } : {}),
        channel: read.channel(request),
      });
      return { deposit: deposit(opened.deposit), entryReference: opened.entryReference };
    },

    CloseDeposit: (request) => {
      const closure = deposits.close(read.text(request, 'idempotencyKey'), {
        clientId: read.text(request, 'clientId'),
        depositId: read.text(request, 'depositId'),
        targetAccountId: read.text(request, 'targetAccountId'),
        channel: read.channel(request),
      });
      const currency = closure.deposit.currency;
      return {
        deposit: deposit(closure.deposit),
        principalPaid: moneyView(closure.principalPaid, currency),
        interestPaid: moneyView(closure.interestPaid, currency),
        ...(closure.penalty > 0n ? { penalty: moneyView(closure.penalty, currency) } : {}),
        totalPaid: moneyView(closure.totalPaid, currency),
        entryReference: closure.entryReference,
      };
    },

    GetClientLoans: (request) => {
      const client = core.requireClient(read.text(request, 'clientId'));
      const includeClosed = read.flag(request, 'includeClosed');
      const list = loans.ofClient(client.clientId).filter((item) => includeClosed || item.status === 'ACTIVE' || item.status === 'OVERDUE');
      return { loan: list.slice(0, 500).map(loan) };
    },

    GetLoan: (request) => ({ loan: loan(loans.requireFor(read.text(request, 'loanId'), read.optionalText(request, 'clientId'))) }),

    GetLoanSchedule: (request) => {
      const found = loans.requireFor(read.text(request, 'loanId'), read.optionalText(request, 'clientId'));
      const today = core.today();
      return { loanId: found.loanId, installment: found.installments.map((item) => installmentView(item, found.currency, today)) };
    },

    RepayLoan: (request) => {
      const repayment = loans.repay(read.text(request, 'idempotencyKey'), {
        clientId: read.text(request, 'clientId'),
        loanId: read.text(request, 'loanId'),
        fromAccountId: read.text(request, 'fromAccountId'),
        amount: read.money(request, 'amount'),
        repaymentType: read.oneOf(request, 'repaymentType', REPAYMENT_TYPES),
        channel: read.channel(request),
      });
      const currency = repayment.currency;
      return {
        repaymentId: repayment.repaymentId,
        allocation: {
          principal: moneyView(repayment.allocation.principal, currency),
          interest: moneyView(repayment.allocation.interest, currency),
          fees: moneyView(repayment.allocation.fees, currency),
        },
        outstandingPrincipal: moneyView(repayment.outstandingPrincipal, currency),
        loanStatus: repayment.loanStatus,
        ...(repayment.nextInstallment ? { nextInstallment: repayment.nextInstallment } : {}),
        bookingDate: repayment.bookingDate,
        entryReference: repayment.entryReference,
      };
    },
  };
}
