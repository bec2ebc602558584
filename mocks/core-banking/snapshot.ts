/**
 * The core banking system's current state as change notices, for the hub's initial load:
 * per account a BalanceChanged and a TransactionPosted for each of its most recent entries
 * (booked and pending), per loan a LoanScheduleChanged, per deposit a DepositChanged, in
 * the same shapes as the live changes (BankCore, LoanBook and DepositBook build both).
 *
 * The notices are read lazily, one aggregate per group, at the moment the publisher asks
 * for the group: the state of each aggregate is read at one instant and numbered at that
 * instant, so a live change made while the snapshot runs is never overtaken by older data.
 */
import type { ChangeNotice } from '../push/types.js';
import type { BankCore } from './core.js';
import type { LedgerEntry } from './ledger.js';
import type { CoreBankingState } from './state.js';

/** Entries per account sent as TransactionPosted when the caller does not say. */
export const DEFAULT_RECENT_ENTRIES = 20;

export interface CoreBankingSnapshotOptions {
  /** The most recent entries of each account to send (booked and pending together); default 20. */
  readonly recentEntries?: number;
}

export function coreBankingSnapshot(state: CoreBankingState, options: CoreBankingSnapshotOptions = {}): Iterable<ChangeNotice[]> {
  const count = options.recentEntries ?? DEFAULT_RECENT_ENTRIES;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('recentEntries must be a whole number, 0 or more');
  return snapshotNotices(state, count);
}

function* snapshotNotices(state: CoreBankingState, count: number): Generator<ChangeNotice[], void, undefined> {
  const core = state.core;
  // What is due by now happens first (and is pushed as the live changes it is), so the snapshot shows the state of now.
  state.runDueJobs();
  for (const account of core.allAccounts()) {
    const { accountId } = account;
    yield [
      core.notice('ACCOUNT', accountId, core.balanceChanged(accountId)),
      ...recentEntries(core, accountId, count).map((entry) => core.notice('ACCOUNT', accountId, core.transactionPosted(entry))),
    ];
  }
  for (const loan of state.loans.all()) yield [core.notice('LOAN', loan.loanId, state.loans.scheduleChanged(loan, core.today()))];
  for (const deposit of state.deposits.all()) yield [core.notice('DEPOSIT', deposit.depositId, state.deposits.changed(deposit))];
}

/**
 * The account's `count` most recent entries, oldest first: pending entries are the newest
 * (they are still on their way to the books), then booked ones from the end of the statement.
 */
export function recentEntries(core: BankCore, accountId: string, count: number): LedgerEntry[] {
  if (count <= 0) return [];
  const pending = [...core.ledger.entries(accountId)].filter((entry) => entry.status === 'PENDING').sort((a, b) => a.sequence - b.sequence);
  const newestPending = pending.slice(Math.max(0, pending.length - count));
  const booked = core.ledger.bookedEntries(accountId);
  const newestBooked = booked.slice(Math.max(0, booked.length - (count - newestPending.length)));
  return [...newestBooked, ...newestPending];
}
