/**
 * Reading an account's entries: GetTransactions (newest first, booked and/or pending) and
 * GetStatement (booked entries in posting order with the period's summary). Both page with
 * keyset cursors, so entries posted while a client pages never shift a page.
 */
import { addDays, daysBetween } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import { keysetPage, type Page, type PageRequest } from '../shared/paging.js';
import type { BankCore, ClientAccount } from './core.js';
import { requestCursor } from './cursor.js';
import { fault } from './faults.js';
import type { LedgerEntry } from './ledger.js';

export interface Period {
  readonly from: string;
  readonly to: string;
}

export type StatusFilter = 'BOOKED' | 'PENDING' | 'BOTH';

const MAX_PERIOD_DAYS = 366;

function checkPeriod(period: Period): void {
  if (period.from > period.to) throw fault('INVALID_PERIOD', 'period/from is after period/to', 'period');
  if (daysBetween(period.from, period.to) + 1 > MAX_PERIOD_DAYS) throw fault('INVALID_PERIOD', `the period exceeds ${MAX_PERIOD_DAYS} days`, 'period');
}

/** The date an entry is ordered by: booking date when booked, value date while pending. */
function dateOf(entry: LedgerEntry): string {
  return entry.status === 'BOOKED' ? entry.bookingDate! : entry.valueDate;
}

export function listTransactions(core: BankCore, account: ClientAccount, period: Period, status: StatusFilter, page: PageRequest): Page<LedgerEntry> {
  checkPeriod(period);
  const includePending = status !== 'BOOKED' && period.to >= core.today();
  const entries = [...core.ledger.entries(account.accountId)].filter((entry) =>
    entry.status === 'BOOKED' ? status !== 'PENDING' && entry.bookingDate! >= period.from && entry.bookingDate! <= period.to : includePending,
  );
  entries.sort((a, b) => compareText(dateOf(b), dateOf(a)) || compareText(a.entryReference, b.entryReference));
  return keysetPage(entries, page, {
    cursor: requestCursor(`tx|${account.accountId}|${period.from}|${period.to}|${status}`),
    positionOf: (entry) => [dateOf(entry), entry.entryReference],
    isAfter: (entry, [date, reference]) => {
      const order = compareText(dateOf(entry), String(date));
      return order < 0 || (order === 0 && entry.entryReference > String(reference));
    },
  });
}

export interface Statement {
  readonly openingBalance: bigint;
  readonly closingBalance: bigint;
  readonly totalCredits: bigint;
  readonly totalDebits: bigint;
  readonly creditCount: number;
  readonly debitCount: number;
  readonly page: Page<LedgerEntry>;
}

export function statementOf(core: BankCore, account: ClientAccount, period: Period, page: PageRequest): Statement {
  checkPeriod(period);
  if (period.to > core.today()) throw fault('INVALID_PERIOD', 'period/to is after today', 'period/to');
  const entries = core.ledger.bookedEntries(account.accountId).filter((entry) => entry.bookingDate! >= period.from && entry.bookingDate! <= period.to);
  const openingBalance = core.ledger.bookedBalanceBefore(account.accountId, period.from);
  let totalCredits = 0n;
  let totalDebits = 0n;
  let creditCount = 0;
  let debitCount = 0;
  for (const entry of entries) {
    if (entry.amount > 0n) {
      totalCredits += entry.amount;
      creditCount += 1;
    } else {
      totalDebits -= entry.amount;
      debitCount += 1;
    }
  }
  return {
    openingBalance,
    closingBalance: core.ledger.bookedBalanceBefore(account.accountId, addDays(period.to, 1)),
    totalCredits,
    totalDebits,
    creditCount,
    debitCount,
    page: keysetPage(entries, page, {
      cursor: requestCursor(`st|${account.accountId}|${period.from}|${period.to}`),
      positionOf: (entry) => [entry.bookingDate!, entry.bookingSequence!],
      isAfter: (entry, [date, sequence]) => {
        const order = compareText(entry.bookingDate!, String(date));
        return order > 0 || (order === 0 && entry.bookingSequence! > Number(sequence));
      },
    }),
  };
}
