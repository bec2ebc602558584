/**
 * The double-entry ledger. Every movement of money is one journal of postings whose
 * amounts sum to zero per currency. A posting amount is signed from the account holder's
 * view: positive credits the account, negative debits it; a client account's booked
 * balance is the sum of its booked postings, and the bank's own (GL) accounts hold the
 * other sides, so the booked balances of all accounts of one currency always sum to zero.
 *
 * Every posting on a client account is also an entry of that account's statement
 * (cmn:Transaction) with its own stable entryReference. A journal is BOOKED (it moves the
 * booked balances) or PENDING (it only reserves: its debits lower the available balance);
 * a pending journal is later booked, keeping its entry references, or discarded.
 *
 * All methods are synchronous: a journal is checked and applied in one step, so
 * concurrent requests can never interleave inside it.
 */
import type { Money } from '../../common/money.js';

export type TransactionKind = 'TRANSFER' | 'CARD_PAYMENT' | 'FEE' | 'INTEREST' | 'LOAN_REPAYMENT' | 'DEPOSIT' | 'FX' | 'REVERSAL' | 'OTHER';

export interface Counterparty {
  readonly name: string;
  readonly iban?: string;
  readonly bic?: string;
}

/** What a client account's statement shows about a posting. */
export interface EntryDetails {
  readonly kind: TransactionKind;
  readonly counterparty?: Counterparty;
  readonly remittanceInformation?: string;
  readonly originalAmount?: Money;
  readonly transferId?: string;
  readonly cardId?: string;
  readonly merchantCategoryCode?: string;
  readonly reversalOf?: string;
  /** A given reference (seeded history); otherwise the ledger assigns one. */
  readonly entryReference?: string;
}

export interface LedgerEntry {
  readonly entryReference: string;
  readonly accountId: string;
  readonly journalId: string;
  /** Signed minor units: positive is a credit. */
  readonly amount: bigint;
  readonly currency: string;
  readonly details: EntryDetails;
  readonly valueDate: string;
  /** Order of creation, across the ledger. */
  readonly sequence: number;
  status: 'BOOKED' | 'PENDING' | 'DISCARDED';
  bookingDate: string | undefined;
  /** Booked balance of the account right after this entry, in statement order. */
  balanceAfter: bigint | undefined;
  /** Position in the order of booking, across the ledger; set when booked. */
  bookingSequence: number | undefined;
}

export interface PostingSpec {
  readonly accountId: string;
  readonly amount: bigint;
  /** Required for client accounts: the statement entry of the posting. */
  readonly entry?: EntryDetails;
}

export interface JournalSource {
  /** What caused the journal ("CreateTransfer", "seed", "accrueInterest"). */
  readonly operation: string;
  readonly idempotencyKey?: string;
}

export interface Posting {
  readonly accountId: string;
  readonly amount: bigint;
  readonly currency: string;
}

export interface Journal {
  readonly journalId: string;
  readonly source: JournalSource;
  readonly postings: readonly Posting[];
  /** The statement entries of the client-account postings, in posting order. */
  readonly entries: readonly LedgerEntry[];
  readonly valueDate: string;
  readonly createdAt: Date;
  status: 'BOOKED' | 'PENDING' | 'DISCARDED';
  bookingDate: string | undefined;
}

export type GlPurpose = 'CLEARING' | 'FEE_INCOME' | 'FX_POSITION' | 'INTEREST_EXPENSE' | 'INTEREST_INCOME';

interface LedgerAccount {
  readonly id: string;
  readonly currency: string;
  readonly kind: 'CLIENT' | 'GL';
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

export class Ledger {
  private readonly accounts = new Map<string, LedgerAccount>();
  private readonly booked = new Map<string, bigint>();
  private readonly pendingDebits = new Map<string, bigint>();
  /** Booked entries per client account in statement order: bookingDate, then order of booking. */
  private readonly statement = new Map<string, LedgerEntry[]>();
  private readonly entriesByReference = new Map<string, Map<string, LedgerEntry>>();
  private readonly journalList: Journal[] = [];
  private readonly journalsById = new Map<string, Journal>();
  private sequence = 0;
  private bookingSequence = 0;

  openClientAccount(accountId: string, currency: string): void {
    this.open({ id: accountId, currency, kind: 'CLIENT' });
    this.statement.set(accountId, []);
    this.entriesByReference.set(accountId, new Map());
  }

  /** The bank's GL account of a purpose in a currency, opened on first use. */
  gl(purpose: GlPurpose, currency: string): string {
    return this.internal(`GL:${purpose}:${currency}`, currency);
  }

  /** A bank-side account of one product (a deposit's liability, a loan's principal), opened on first use. */
  internal(id: string, currency: string): string {
    if (!this.accounts.has(id)) this.open({ id, currency, kind: 'GL' });
    return id;
  }

  currencyOf(accountId: string): string {
    const account = this.accounts.get(accountId);
    if (!account) throw new LedgerError(`no ledger account ${accountId}`);
    return account.currency;
  }

  post(spec: {
    readonly postings: readonly PostingSpec[];
    readonly status: 'BOOKED' | 'PENDING';
    readonly valueDate: string;
    readonly bookingDate: string;
    readonly source: JournalSource;
    readonly createdAt: Date;
  }): Journal {
    const postings = spec.postings.filter((posting) => posting.amount !== 0n);
    this.check(postings);
    this.sequence += 1;
    const journalId = `J${String(this.sequence).padStart(10, '0')}`;
    const entries: LedgerEntry[] = [];
    const resolved: Posting[] = [];
    for (const posting of postings) {
      const account = this.accounts.get(posting.accountId)!;
      resolved.push({ accountId: account.id, amount: posting.amount, currency: account.currency });
      if (account.kind === 'CLIENT') {
        entries.push(this.newEntry(journalId, account, posting.amount, posting.entry!, spec.valueDate));
      }
    }
    const journal: Journal = {
      journalId,
      source: spec.source,
      postings: resolved,
      entries,
      valueDate: spec.valueDate,
      createdAt: spec.createdAt,
      status: 'PENDING',
      bookingDate: undefined,
    };
    this.journalList.push(journal);
    this.journalsById.set(journalId, journal);
    for (const posting of resolved) {
      if (posting.amount < 0n) this.add(this.pendingDebits, posting.accountId, -posting.amount);
    }
    if (spec.status === 'BOOKED') this.book(journalId, spec.bookingDate);
    return journal;
  }

  /** Books a pending journal: its entries keep their references and become BOOKED. */
  book(journalId: string, bookingDate: string): Journal {
    const journal = this.pendingJournal(journalId);
    journal.status = 'BOOKED';
    journal.bookingDate = bookingDate;
    for (const posting of journal.postings) {
      if (posting.amount < 0n) this.add(this.pendingDebits, posting.accountId, posting.amount);
      this.add(this.booked, posting.accountId, posting.amount);
    }
    for (const entry of journal.entries) {
      this.bookingSequence += 1;
      entry.status = 'BOOKED';
      entry.bookingDate = bookingDate;
      entry.bookingSequence = this.bookingSequence;
      this.insertIntoStatement(entry);
    }
    return journal;
  }

  /** Drops a pending journal: its reservations end and its entries disappear. */
  discard(journalId: string): Journal {
    const journal = this.pendingJournal(journalId);
    journal.status = 'DISCARDED';
    for (const posting of journal.postings) {
      if (posting.amount < 0n) this.add(this.pendingDebits, posting.accountId, posting.amount);
    }
    for (const entry of journal.entries) {
      entry.status = 'DISCARDED';
      this.entriesByReference.get(entry.accountId)!.delete(entry.entryReference);
    }
    return journal;
  }

  bookedBalance(accountId: string): bigint {
    return this.booked.get(accountId) ?? 0n;
  }

  /** Sum of the debits of the account's pending journals (a positive number). */
  pendingDebit(accountId: string): bigint {
    return this.pendingDebits.get(accountId) ?? 0n;
  }

  /** Booked balance at the start of a day: the sum of entries booked before it. */
  bookedBalanceBefore(accountId: string, date: string): bigint {
    const entries = this.statement.get(accountId) ?? [];
    let balance = 0n;
    for (const entry of entries) {
      if (entry.bookingDate! >= date) break;
      balance = entry.balanceAfter!;
    }
    return balance;
  }

  /** The account's booked entries in statement order. */
  bookedEntries(accountId: string): readonly LedgerEntry[] {
    return this.statement.get(accountId) ?? [];
  }

  /** The account's booked and pending entries, in no particular order. */
  entries(accountId: string): Iterable<LedgerEntry> {
    return this.entriesByReference.get(accountId)?.values() ?? [];
  }

  entry(accountId: string, entryReference: string): LedgerEntry | undefined {
    return this.entriesByReference.get(accountId)?.get(entryReference);
  }

  journal(journalId: string): Journal | undefined {
    return this.journalsById.get(journalId);
  }

  journals(): readonly Journal[] {
    return this.journalList;
  }

  /** Booked balances summed over every account, per currency: zero when the books balance. */
  totalsByCurrency(): Map<string, bigint> {
    const totals = new Map<string, bigint>();
    for (const [accountId, balance] of this.booked) {
      const currency = this.currencyOf(accountId);
      totals.set(currency, (totals.get(currency) ?? 0n) + balance);
    }
    return totals;
  }

  accountIds(kind: 'CLIENT' | 'GL'): string[] {
    return [...this.accounts.values()].filter((account) => account.kind === kind).map((account) => account.id);
  }

  private open(account: LedgerAccount): void {
    if (this.accounts.has(account.id)) throw new LedgerError(`ledger account ${account.id} exists`);
    this.accounts.set(account.id, account);
  }

  private check(postings: readonly PostingSpec[]): void {
    if (postings.length < 2) throw new LedgerError('a journal needs at least two non-zero postings');
    const sums = new Map<string, bigint>();
    for (const posting of postings) {
      const account = this.accounts.get(posting.accountId);
      if (!account) throw new LedgerError(`no ledger account ${posting.accountId}`);
      if (account.kind === 'CLIENT' && !posting.entry) throw new LedgerError(`posting on ${account.id} lacks its entry`);
      const reference = posting.entry?.entryReference;
      if (reference !== undefined && this.entriesByReference.get(account.id)?.has(reference)) {
        throw new LedgerError(`entry ${reference} exists on ${account.id}`);
      }
      sums.set(account.currency, (sums.get(account.currency) ?? 0n) + posting.amount);
    }
    for (const [currency, sum] of sums) {
      if (sum !== 0n) throw new LedgerError(`journal does not balance in ${currency}: ${sum}`);
    }
  }

  private newEntry(journalId: string, account: LedgerAccount, amount: bigint, details: EntryDetails, valueDate: string): LedgerEntry {
    this.sequence += 1;
    const references = this.entriesByReference.get(account.id)!;
    let entryReference = details.entryReference ?? `E${String(this.sequence).padStart(10, '0')}`;
    while (details.entryReference === undefined && references.has(entryReference)) entryReference += 'X';
    const entry: LedgerEntry = {
      entryReference,
      accountId: account.id,
      journalId,
      amount,
      currency: account.currency,
      details,
      valueDate,
      sequence: this.sequence,
      status: 'PENDING',
      bookingDate: undefined,
      balanceAfter: undefined,
      bookingSequence: undefined,
    };
    references.set(entryReference, entry);
    return entry;
  }

  /** Keeps the statement ordered by booking date, then order of booking, with running balances. */
  private insertIntoStatement(entry: LedgerEntry): void {
    const entries = this.statement.get(entry.accountId)!;
    let index = entries.length;
    while (index > 0 && entries[index - 1]!.bookingDate! > entry.bookingDate!) index -= 1;
    entries.splice(index, 0, entry);
    let balance = index === 0 ? 0n : entries[index - 1]!.balanceAfter!;
    for (let position = index; position < entries.length; position += 1) {
      const current = entries[position]!;
      balance += current.amount;
      current.balanceAfter = balance;
    }
  }

  private pendingJournal(journalId: string): Journal {
    const journal = this.journalsById.get(journalId);
    if (!journal || journal.status !== 'PENDING') throw new LedgerError(`journal ${journalId} is not pending`);
    return journal;
  }

  private add(map: Map<string, bigint>, accountId: string, amount: bigint): void {
    map.set(accountId, (map.get(accountId) ?? 0n) + amount);
  }
}
