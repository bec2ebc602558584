/**
 * The responses of CoreBanking's term deposit and loan operations, read from the content of
 * the response wrapper as node-soap parsed it into the types of ./types.ts. Pure: no I/O,
 * no clock. A response that does not fit the contract throws a CoreBankingResponseError
 * naming the element; a product's amounts are checked to be in its currency.
 */
import { present, SoapReader } from './read.js';
import { MAX_LINE_NUMBER, readInstallment } from './response-shapes.js';
import {
  DEPOSIT_STATUSES,
  INTEREST_PAYMENT_STATUSES,
  LOAN_STATUSES,
  MAX_TERM_MONTHS,
  type Deposit,
  type DepositClosure,
  type DepositSchedule,
  type InterestPayment,
  type Loan,
  type LoanRepayment,
  type LoanSchedule,
  type OpenedDeposit,
} from './types.js';

function readDeposit(r: SoapReader): Deposit {
  const principal = r.money('principal');
  const accruedInterest = r.money('accruedInterest');
  r.sameCurrency(principal.currency, { accruedInterest });
  return present(
    {
      depositId: r.text('depositId'),
      clientId: r.text('clientId'),
      productCode: r.text('productCode'),
      productName: r.text('productName'),
      status: r.oneOf('status', DEPOSIT_STATUSES),
      principal,
      accruedInterest,
      interestRate: r.rate('interestRate'),
      termMonths: r.int('termMonths', 1, MAX_TERM_MONTHS),
      openingDate: r.date('openingDate'),
      maturityDate: r.date('maturityDate'),
      payoutAccountId: r.text('payoutAccountId'),
    },
    {
      earlyClosureRate: r.optRate('earlyClosureRate'),
      earliestClosureDate: r.optDate('earliestClosureDate'),
      closingDate: r.optDate('closingDate'),
    },
  );
}

function readInterestPayment(r: SoapReader): InterestPayment {
  return present(
    {
      number: r.int('number', 1, MAX_LINE_NUMBER),
      paymentDate: r.date('paymentDate'),
      periodStart: r.date('periodStart'),
      periodEnd: r.date('periodEnd'),
      interest: r.money('interest'),
      capitalised: r.bool('capitalised'),
      status: r.oneOf('status', INTEREST_PAYMENT_STATUSES),
    },
    { taxWithheld: r.optMoney('taxWithheld'), principal: r.optMoney('principal') },
  );
}

export function readGetClientDepositsResponse(value: unknown): Deposit[] {
  return SoapReader.response(value, 'GetClientDepositsResponse').list('deposit').map(readDeposit);
}

export function readGetDepositResponse(value: unknown): Deposit {
  return readDeposit(SoapReader.response(value, 'GetDepositResponse').obj('deposit'));
}

export function readGetDepositScheduleResponse(value: unknown): DepositSchedule {
  const r = SoapReader.response(value, 'GetDepositScheduleResponse');
  return { depositId: r.text('depositId'), payments: r.list('payment').map(readInterestPayment) };
}

export function readOpenDepositResponse(value: unknown): OpenedDeposit {
  const r = SoapReader.response(value, 'OpenDepositResponse');
  return { deposit: readDeposit(r.obj('deposit')), entryReference: r.text('entryReference') };
}

export function readCloseDepositResponse(value: unknown): DepositClosure {
  const r = SoapReader.response(value, 'CloseDepositResponse');
  const deposit = readDeposit(r.obj('deposit'));
  const closure = present(
    {
      deposit,
      principalPaid: r.money('principalPaid'),
      interestPaid: r.money('interestPaid'),
      totalPaid: r.money('totalPaid'),
      entryReference: r.text('entryReference'),
    },
    { penalty: r.optMoney('penalty'), taxWithheld: r.optMoney('taxWithheld') },
  );
  const { principalPaid, interestPaid, totalPaid, penalty, taxWithheld } = closure;
  r.sameCurrency(deposit.principal.currency, { principalPaid, interestPaid, totalPaid, penalty, taxWithheld });
  return closure;
}

function readLoan(r: SoapReader): Loan {
  const next = r.optObj('nextInstallment');
  const loan = present(
    {
      loanId: r.text('loanId'),
      clientId: r.text('clientId'),
      productCode: r.text('productCode'),
      productName: r.text('productName'),
      status: r.oneOf('status', LOAN_STATUSES),
      principal: r.money('principal'),
      outstandingPrincipal: r.money('outstandingPrincipal'),
      interestRate: r.rate('interestRate'),
      termMonths: r.int('termMonths', 1, MAX_TERM_MONTHS),
      startDate: r.date('startDate'),
      maturityDate: r.date('maturityDate'),
    },
    {
      overdueAmount: r.optMoney('overdueAmount'),
      repaymentAccountId: r.optText('repaymentAccountId'),
      nextInstallment: next ? readInstallment(next) : undefined,
      payoffAmount: r.optMoney('payoffAmount'),
    },
  );
  r.sameCurrency(loan.principal.currency, {
    outstandingPrincipal: loan.outstandingPrincipal,
    overdueAmount: loan.overdueAmount,
    payoffAmount: loan.payoffAmount,
    'nextInstallment/total': loan.nextInstallment?.total,
  });
  return loan;
}

export function readGetClientLoansResponse(value: unknown): Loan[] {
  return SoapReader.response(value, 'GetClientLoansResponse').list('loan').map(readLoan);
}

export function readGetLoanResponse(value: unknown): Loan {
  return readLoan(SoapReader.response(value, 'GetLoanResponse').obj('loan'));
}

export function readGetLoanScheduleResponse(value: unknown): LoanSchedule {
  const r = SoapReader.response(value, 'GetLoanScheduleResponse');
  return { loanId: r.text('loanId'), installments: r.list('installment').map(readInstallment) };
}

export function readRepayLoanResponse(value: unknown): LoanRepayment {
  const r = SoapReader.response(value, 'RepayLoanResponse');
  const allocation = r.obj('allocation');
  const next = r.optObj('nextInstallment');
  return present(
    {
      repaymentId: r.text('repaymentId'),
      allocation: { principal: allocation.money('principal'), interest: allocation.money('interest'), fees: allocation.money('fees') },
      outstandingPrincipal: r.money('outstandingPrincipal'),
      loanStatus: r.oneOf('loanStatus', LOAN_STATUSES),
      bookingDate: r.date('bookingDate'),
      entryReference: r.text('entryReference'),
    },
    { nextInstallment: next ? readInstallment(next) : undefined },
  );
}
