/**
 * Pure mapping between CoreBanking's SOAP messages and the hub's domain model: the request
 * builders (./requests.ts), the response readers (./responses-*.ts), and here what the hub's
 * read-through stores: the records of hub/store/types.ts without `version`, which the hub
 * sets. `asOf` comes from the response where the contract carries one (balances) and
 * otherwise from `receivedAt`, the instant the caller got the answer: no clock here.
 */
import type { AccountRecord, BalanceValue, DepositRecord, LoanRecord, TransactionRecord } from '../../hub/store/types.js';
import { CoreBankingResponseError } from './errors.js';
import type { Account, AccountBalances, AccountEntry, Balances, Deposit, Loan, LoanSchedule, Page } from './types.js';

export * from './requests.js';
export * from './responses-accounts.js';
export * from './responses-payments.js';
export * from './responses-products.js';
export type { RequestObject, RequestValue } from './write.js';

/** A record as CoreBanking answers it: the hub sets the version (the aggregate's sequence). */
export type Unversioned<T> = Omit<T, 'version'>;

/** The latest instant at which any of the balances was computed. */
function newest(balances: Balances): Date | undefined {
  const instants = [balances.booked, balances.available, balances.blocked].filter((value): value is BalanceValue => value !== undefined).map((value) => value.asOf.getTime());
  return instants.length > 0 ? new Date(Math.max(...instants)) : undefined;
}

/**
 * One account with its balances: GetAccount (or an item of GetClientAccounts) and,
 * optionally, GetBalances of the same account. Of the two sets of balances the one
 * computed later is kept whole (GetBalances on a tie), so that booked, available and
 * blocked always come from one instant; `asOf` is that instant.
 */
export function accountRecordOf(account: Account, balances?: AccountBalances): Unversioned<AccountRecord> {
  if (balances && balances.accountId !== account.accountId) {
    throw new CoreBankingResponseError('GetBalancesResponse/accountId', `balances of ${balances.accountId} cannot complete account ${account.accountId}`);
  }
  if (balances && balances.currency !== account.currency) {
    throw new CoreBankingResponseError('GetBalancesResponse/balance', `balances in ${balances.currency} on an account in ${account.currency}`);
  }
  const ownAsOf = newest(account.balances);
  const laterAsOf = balances ? newest(balances) : undefined;
  const chosen = balances && laterAsOf && (!ownAsOf || laterAsOf.getTime() >= ownAsOf.getTime()) ? balances : account.balances;
  const asOf = newest(chosen);
  if (!asOf) throw new CoreBankingResponseError('GetAccountResponse/account/balance', `account ${account.accountId} comes without balances`);
  return {
    accountId: account.accountId,
    clientId: account.ownerClientId,
    currency: account.currency,
    ...(chosen.booked ? { booked: chosen.booked } : {}),
    ...(chosen.available ? { available: chosen.available } : {}),
    ...(chosen.blocked ? { blocked: chosen.blocked } : {}),
    asOf,
  };
}

/**
 * One entry as the hub stores it. The contract's entry does not name the client: the
 * caller passes the account's owner (Account.ownerClientId), as the pushed events do.
 */
export function transactionRecordOf(entry: AccountEntry, clientId: string, receivedAt: Date): Unversioned<TransactionRecord> {
  return { ...entry, clientId, asOf: receivedAt };
}

/**
 * One page of GetTransactions (booked and pending entries of a date range) as records,
 * with the cursor of the next page when there is one. An entry that moved from PENDING to
 * BOOKED between two pages may appear on both: the store keeps one row per entryReference.
 */
export function transactionPageOf(page: Page<AccountEntry>, clientId: string, receivedAt: Date): { readonly items: Unversioned<TransactionRecord>[]; readonly nextCursor?: string } {
  const items = page.items.map((entry) => transactionRecordOf(entry, clientId, receivedAt));
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
}

/** One loan with its whole schedule: GetLoan (or an item of GetClientLoans) and GetLoanSchedule of the same loan. */
export function loanRecordOf(loan: Loan, schedule: LoanSchedule, receivedAt: Date): Unversioned<LoanRecord> {
  if (schedule.loanId !== loan.loanId) {
    throw new CoreBankingResponseError('GetLoanScheduleResponse/loanId', `the schedule of ${schedule.loanId} cannot complete loan ${loan.loanId}`);
  }
  const currency = loan.outstandingPrincipal.currency;
  const lines = schedule.installments.map((installment, index) => {
    if (installment.total.currency !== currency) {
      throw new CoreBankingResponseError(`GetLoanScheduleResponse/installment[${index + 1}]`, `an instalment in ${installment.total.currency} of a loan in ${currency}`);
    }
    const { number, dueDate, principal, interest, fees, total, status } = installment;
    return { number, dueDate, principal, interest, ...(fees ? { fees } : {}), total, status };
  });
  return { loanId: loan.loanId, clientId: loan.clientId, status: loan.status, outstandingPrincipal: loan.outstandingPrincipal, schedule: lines, asOf: receivedAt };
}

/** One deposit (GetDeposit, or an item of GetClientDeposits). */
export function depositRecordOf(deposit: Deposit, receivedAt: Date): Unversioned<DepositRecord> {
  return {
    depositId: deposit.depositId,
    clientId: deposit.clientId,
    status: deposit.status,
    principal: deposit.principal,
    accruedInterest: deposit.accruedInterest,
    interestRate: deposit.interestRate,
    maturityDate: deposit.maturityDate,
    asOf: receivedAt,
  };
}
