import { expect } from 'chai';
import {
  depositRecordOf,
  loanRecordOf,
  readCloseDepositResponse,
  readGetClientDepositsResponse,
  readGetClientLoansResponse,
  readGetDepositResponse,
  readGetDepositScheduleResponse,
  readGetLoanResponse,
  readGetLoanScheduleResponse,
  readOpenDepositResponse,
  readRepayLoanResponse,
} from '../../../connectors/core-banking/mapping.js';
import { CoreBankingResponseError } from '../../../connectors/core-banking/errors.js';
import { m, savedResponse } from './support.js';

const RECEIVED = new Date('2026-11-24T09:30:01Z');

describe('core-banking mapping: term deposits and loans (saved responses)', () => {
  it('GetClientDeposits: a EUR and a KWD deposit, optional dates only where given', async () => {
    const deposits = readGetClientDepositsResponse(await savedResponse('GetClientDeposits'));
    expect(deposits.map((deposit) => deposit.depositId)).to.deep.equal(['D1', 'D2']);
    expect(deposits[0]).to.deep.equal({
      depositId: 'D1',
      clientId: 'C2',
      productCode: 'TD-12M',
      productName: 'Term Deposit 12 months',
      status: 'ACTIVE',
      principal: m(1_000_000n, 'EUR'),
      accruedInterest: m(479n, 'EUR'),
      interestRate: '3.5',
      earlyClosureRate: '0.1',
      termMonths: 12,
      openingDate: '2026-05-20',
      maturityDate: '2027-05-20',
      earliestClosureDate: '2026-06-20',
      payoutAccountId: 'A4',
    });
    expect(deposits[1]).to.deep.include({ principal: m(1_500_250n, 'KWD'), accruedInterest: m(3_730n, 'KWD'), interestRate: '4.125', termMonths: 6 });
    expect(deposits[1]).to.not.have.any.keys('earliestClosureDate', 'closingDate');
  });

  it('GetDeposit → DepositRecord without version, asOf = receivedAt, money to the fils', async () => {
    const record = depositRecordOf(readGetDepositResponse(await savedResponse('GetDeposit')), RECEIVED);
    expect(record).to.deep.equal({
      depositId: 'D2',
      clientId: 'C2',
      status: 'ACTIVE',
      principal: m(1_500_250n, 'KWD'),
      accruedInterest: m(3_730n, 'KWD'),
      interestRate: '4.125',
      maturityDate: '2027-02-03',
      asOf: RECEIVED,
    });
  });

  it('GetDepositSchedule: paid and planned lines, the principal on the maturity line only', async () => {
    const schedule = readGetDepositScheduleResponse(await savedResponse('GetDepositSchedule'));
    expect(schedule.depositId).to.equal('D1');
    expect(schedule.payments.map((line) => line.number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(schedule.payments.map((line) => line.status)).to.deep.equal([...Array(6).fill('PAID'), ...Array(6).fill('PLANNED')]);
    expect(schedule.payments[0]).to.deep.equal({
      number: 1,
      paymentDate: '2026-06-20',
      periodStart: '2026-05-20',
      periodEnd: '2026-06-19',
      interest: m(2_973n, 'EUR'),
      capitalised: false,
      status: 'PAID',
    });
    expect(schedule.payments[11]).to.deep.include({ number: 12, principal: m(1_000_000n, 'EUR'), interest: m(2_877n, 'EUR') });
    expect(schedule.payments.slice(0, 11).filter((line) => line.principal !== undefined)).to.deep.equal([]);
  });

  it('OpenDeposit and CloseDeposit: the deposit, the entries, what was paid out', async () => {
    const opened = readOpenDepositResponse(await savedResponse('OpenDeposit'));
    expect(opened.entryReference).to.equal('E0000000037');
    expect(opened.deposit).to.deep.include({ depositId: 'DEP-00000001', status: 'ACTIVE', principal: m(100_000n, 'EUR'), interestRate: '2.25', earlyClosureRate: '1', termMonths: 6 });
    const closed = readCloseDepositResponse(await savedResponse('CloseDeposit'));
    expect(closed.deposit).to.deep.include({ depositId: 'DEP-00000001', status: 'CLOSED', closingDate: '2026-11-24' });
    expect(closed).to.deep.include({ principalPaid: m(100_000n, 'EUR'), interestPaid: m(0n, 'EUR'), totalPaid: m(100_000n, 'EUR'), entryReference: 'E0000000039' });
    expect(closed).to.not.have.any.keys('penalty', 'taxWithheld');
  });

  it('GetClientLoans: a EUR and a JPY loan with their next instalments', async () => {
    const loans = readGetClientLoansResponse(await savedResponse('GetClientLoans'));
    expect(loans.map((loan) => [loan.loanId, loan.status, loan.outstandingPrincipal, loan.nextInstallment?.total])).to.deep.equal([
      ['L1', 'ACTIVE', m(721_703n, 'EUR'), m(54_000n, 'EUR')],
      ['L2', 'ACTIVE', m(2_355_682n, 'JPY'), m(87_111n, 'JPY')],
    ]);
    expect(readGetClientLoansResponse(await savedResponse('GetClientLoans', 'empty'))).to.deep.equal([]);
  });

  it('GetLoan + GetLoanSchedule → LoanRecord with the whole schedule, asOf = receivedAt', async () => {
    const loan = readGetLoanResponse(await savedResponse('GetLoan'));
    expect(loan).to.deep.equal({
      loanId: 'L1',
      clientId: 'C1',
      productCode: 'LOAN-CONSUMER',
      productName: 'Consumer Loan',
      status: 'ACTIVE',
      principal: m(1_200_000n, 'EUR'),
      outstandingPrincipal: m(721_703n, 'EUR'),
      interestRate: '7.5',
      termMonths: 24,
      startDate: '2026-01-15',
      maturityDate: '2028-01-15',
      repaymentAccountId: 'A1',
      nextInstallment: { number: 11, dueDate: '2026-12-15', principal: m(49_489n, 'EUR'), interest: m(4_511n, 'EUR'), total: m(54_000n, 'EUR'), status: 'PLANNED' },
      payoffAmount: m(723_056n, 'EUR'),
    });
    const record = loanRecordOf(loan, readGetLoanScheduleResponse(await savedResponse('GetLoanSchedule')), RECEIVED);
    expect(record).to.include({ loanId: 'L1', clientId: 'C1', status: 'ACTIVE', asOf: RECEIVED });
    expect(record).to.not.have.property('version');
    expect(record.outstandingPrincipal).to.deep.equal(m(721_703n, 'EUR'));
    expect(record.schedule).to.have.length(24);
    expect(record.schedule.map((line) => line.status)).to.deep.equal([...Array(10).fill('PAID'), ...Array(14).fill('PLANNED')]);
    expect(record.schedule[0]).to.deep.equal({ number: 1, dueDate: '2026-02-15', principal: m(46_500n, 'EUR'), interest: m(7_500n, 'EUR'), total: m(54_000n, 'EUR'), status: 'PAID' });
    expect(record.schedule[23]).to.deep.equal({ number: 24, dueDate: '2028-01-15', principal: m(53_654n, 'EUR'), interest: m(335n, 'EUR'), total: m(53_989n, 'EUR'), status: 'PLANNED' });
  });

  it('an overdue loan in JPY: the overdue amount and the late fee on its instalment', async () => {
    const loan = readGetLoanResponse(await savedResponse('GetLoan', 'overdue'));
    expect(loan).to.deep.include({ loanId: 'L2', status: 'OVERDUE', overdueAmount: m(88_611n, 'JPY'), payoffAmount: m(2_363_052n, 'JPY') });
    expect(loan.nextInstallment).to.deep.equal({
      number: 9,
      dueDate: '2026-12-10',
      principal: m(81_418n, 'JPY'),
      interest: m(5_693n, 'JPY'),
      fees: m(1_500n, 'JPY'),
      total: m(88_611n, 'JPY'),
      status: 'OVERDUE',
    });
    const record = loanRecordOf(loan, readGetLoanScheduleResponse(await savedResponse('GetLoanSchedule', 'overdue')), RECEIVED);
    expect(record.status).to.equal('OVERDUE');
    expect(record.schedule[8]).to.deep.equal(loan.nextInstallment);
    expect(record.schedule.filter((line) => line.fees !== undefined).map((line) => line.number)).to.deep.equal([9]);
  });

  it('refuses to combine a loan with the schedule of another loan', async () => {
    const loan = readGetLoanResponse(await savedResponse('GetLoan'));
    const other = readGetLoanScheduleResponse(await savedResponse('GetLoanSchedule', 'overdue'));
    expect(() => loanRecordOf(loan, other, RECEIVED)).to.throw(CoreBankingResponseError, /schedule of L2 cannot complete loan L1/);
  });

  it('RepayLoan: the allocation, the new outstanding principal and next instalment', async () => {
    expect(readRepayLoanResponse(await savedResponse('RepayLoan'))).to.deep.equal({
      repaymentId: 'RPY-00000001',
      allocation: { principal: m(49_489n, 'EUR'), interest: m(4_511n, 'EUR'), fees: m(0n, 'EUR') },
      outstandingPrincipal: m(672_214n, 'EUR'),
      loanStatus: 'ACTIVE',
      nextInstallment: { number: 12, dueDate: '2027-01-15', principal: m(49_799n, 'EUR'), interest: m(4_201n, 'EUR'), total: m(54_000n, 'EUR'), status: 'PLANNED' },
      bookingDate: '2026-11-24',
      entryReference: 'E0000000041',
    });
  });
});
