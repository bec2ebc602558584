/**
 * JSON views of the store's records for channels: amounts as decimal strings with their
 * currency (never JS numbers), instants as ISO strings, internal fields (sequence
 * numbers, source systems) left out.
 */
import { formatAmount, type Money } from '../../common/money.js';
import type { AccountRecord, CardRecord, ClientOverview, DepositRecord, LoanRecord, TransactionRecord } from '../store/types.js';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

export interface MoneyView {
  readonly amount: string;
  readonly currency: string;
  readonly [key: string]: string;
}

export const money = (value: Money): MoneyView => ({ amount: formatAmount(value), currency: value.currency });

export function accountView(account: AccountRecord): Json {
  const balances = (['booked', 'available', 'blocked'] as const).flatMap((type) => {
    const balance = account[type];
    return balance ? [{ type: type.toUpperCase(), ...money({ minor: balance.minor, currency: account.currency }), asOf: balance.asOf.toISOString() }] : [];
  });
  return { accountId: account.accountId, currency: account.currency, balances };
}

export function transactionView(entry: TransactionRecord): Json {
  return {
    entryReference: entry.entryReference,
    accountId: entry.accountId,
    status: entry.status,
    kind: entry.kind,
    amount: money(entry.amount),
    creditDebitIndicator: entry.creditDebitIndicator,
    originalAmount: entry.originalAmount && money(entry.originalAmount),
    bookingDate: entry.bookingDate,
    valueDate: entry.valueDate,
    counterparty: entry.counterparty && { ...entry.counterparty },
    remittanceInformation: entry.remittanceInformation,
    merchantCategoryCode: entry.merchantCategoryCode,
    cardId: entry.cardId,
    transferId: entry.transferId,
    reversalOf: entry.reversalOf,
    balanceAfter: entry.balanceAfter && money(entry.balanceAfter),
  };
}

export function cardView(card: CardRecord): Json {
  return { cardId: card.cardId, maskedPan: card.maskedPan, status: card.status, reason: card.reason };
}

export function loanView(loan: LoanRecord): Json {
  return {
    loanId: loan.loanId,
    status: loan.status,
    outstandingPrincipal: money(loan.outstandingPrincipal),
    schedule: loan.schedule.map((line) => ({
      number: line.number,
      dueDate: line.dueDate,
      principal: money(line.principal),
      interest: money(line.interest),
      fees: line.fees && money(line.fees),
      total: money(line.total),
      status: line.status,
    })),
  };
}

export function depositView(deposit: DepositRecord): Json {
  return {
    depositId: deposit.depositId,
    status: deposit.status,
    principal: money(deposit.principal),
    accruedInterest: money(deposit.accruedInterest),
    interestRate: deposit.interestRate,
    maturityDate: deposit.maturityDate,
  };
}

export function overviewView(clientId: string, overview: ClientOverview): Json {
  return {
    clientId,
    accounts: overview.accounts.map(accountView),
    cards: overview.cards.map(cardView),
    loans: overview.loans.map(loanView),
    deposits: overview.deposits.map(depositView),
  };
}

/** The instant of the newest record: what the answer is as of. */
export function latest(instants: readonly Date[], fallback: Date): Date {
  return instants.reduce((max, each) => (each.getTime() > max.getTime() ? each : max), instants[0] ?? fallback);
}
