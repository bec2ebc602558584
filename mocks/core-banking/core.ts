/**
 * The kernel shared by every part of the mock ABS: clients and accounts, the ledger, holds,
 * FX desk, idempotency store, the clock and the event sink. It posts journals and publishes
 * what they change: one transactionPosted per statement entry (the last entry of each
 * account in a journal also carries the account's balances after it), and balanceChanged
 * when only the available or blocked balance moves.
 */
import type { AggregateType, ChangeNotice, ChangePayload, EventSink } from '../push/types.js';
import type { SeedClient } from '../seed/dataset.js';
import { bankIdentifier, ibanCountry } from '../seed/iban.js';
import type { Clock } from '../server/types.js';
import { dateOf } from '../shared/calendar.js';
import { IdempotencyStore } from '../shared/idempotency.js';
import { IdSequence } from '../shared/ids.js';
import { fault } from './faults.js';
import { FxDesk } from './fx.js';
import { HoldBook } from './holds.js';
import { Ledger, type Journal, type JournalSource, type LedgerEntry, type PostingSpec } from './ledger.js';
import { balanceViews, transactionView } from './views.js';

export type AccountStatus = 'OPEN' | 'BLOCKED' | 'CLOSED';

export interface ClientAccount {
  readonly accountId: string;
  readonly clientId: string;
  readonly iban: string | undefined;
  readonly currency: string;
  readonly type: 'CURRENT' | 'SAVINGS' | 'CARD' | 'OTHER';
  readonly productCode: string;
  readonly productName: string;
  readonly openingDate: string;
  readonly creditLine: bigint;
  status: AccountStatus;
  closingDate: string | undefined;
}

export interface Balances {
  readonly currency: string;
  readonly booked: bigint;
  /** booked + credit line − blocked − pending debits. */
  readonly available: bigint;
  readonly blocked: bigint;
  readonly asOf: Date;
}

export interface PostSpec {
  readonly postings: readonly PostingSpec[];
  readonly source: JournalSource;
  readonly status?: 'BOOKED' | 'PENDING';
  /** Booking date of a booked journal; today when absent. */
  readonly bookingDate?: string;
  /** Value date; the booking date when absent. */
  readonly valueDate?: string;
}

export class BankCore {
  readonly ledger = new Ledger();
  readonly holds = new HoldBook();
  /** Keys are scoped per operation. */
  readonly idempotency = new IdempotencyStore({
    keysPer: 'operation',
    conflictMessage: ({ idempotencyKey, operation }) => `idempotency key ${idempotencyKey} was already used for a different ${operation} request`,
  });
  readonly fx: FxDesk;
  readonly homeCountry: string;
  /** This bank's BIC, derived from its home country. */
  readonly bic: string;
  private readonly clients = new Map<string, SeedClient>();
  private readonly accounts = new Map<string, ClientAccount>();
  private readonly accountsByIban = new Map<string, ClientAccount>();
  private readonly bankIdentifiers = new Set<string>();
  private readonly ids = new IdSequence(8);
  /** While seeding, nothing is published: the hub resynchronises the seeded state itself. */
  private silent = false;

  constructor(
    readonly clock: Clock,
    private readonly sink: EventSink,
    clients: readonly SeedClient[],
    homeCountry: string,
  ) {
    for (const client of clients) this.clients.set(client.clientId, client);
    this.homeCountry = homeCountry;
    this.bic = `DBPB${homeCountry}22`;
    this.fx = new FxDesk(clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  today(): string {
    return dateOf(this.clock.now());
  }

  /** Runs `action` without publishing events (seeding). */
  quietly<T>(action: () => T): T {
    const before = this.silent;
    this.silent = true;
    try {
      return action();
    } finally {
      this.silent = before;
    }
  }

  nextId(prefix: string, taken: (id: string) => boolean): string {
    return this.ids.next(prefix, taken);
  }

  // ---- clients and accounts -------------------------------------------------------------

  client(clientId: string): SeedClient | undefined {
    return this.clients.get(clientId);
  }

  requireClient(clientId: string, field = 'clientId'): SeedClient {
    const client = this.clients.get(clientId);
    if (!client) throw fault('CLIENT_NOT_FOUND', `no client ${clientId}`, field);
    return client;
  }

  addAccount(account: ClientAccount): void {
    if (this.accounts.has(account.accountId)) throw new Error(`duplicate account ${account.accountId}`);
    this.accounts.set(account.accountId, account);
    if (account.iban !== undefined) {
      this.accountsByIban.set(account.iban, account);
      const bank = bankIdentifier(account.iban);
      if (bank !== undefined) this.bankIdentifiers.add(bank);
    }
    this.ledger.openClientAccount(account.accountId, account.currency);
  }

  account(accountId: string): ClientAccount | undefined {
    return this.accounts.get(accountId);
  }

  accountByIban(iban: string): ClientAccount | undefined {
    return this.accountsByIban.get(iban);
  }

  clientAccounts(clientId: string): ClientAccount[] {
    return [...this.accounts.values()].filter((account) => account.clientId === clientId);
  }

  allAccounts(): readonly ClientAccount[] {
    return [...this.accounts.values()];
  }

  /** True when the IBAN names this bank (an account of ours, or our bank identifier). */
  isOurIban(iban: string): boolean {
    if (this.accountsByIban.has(iban)) return true;
    const bank = bankIdentifier(iban);
    return bank !== undefined && this.bankIdentifiers.has(bank);
  }

  isDomestic(iban: string): boolean {
    return ibanCountry(iban) === this.homeCountry;
  }

  /** The account, when it exists and (if a client is named) belongs to that client. */
  ownedAccount(clientId: string | undefined, accountId: string, field = 'accountId'): ClientAccount {
    const account = this.accounts.get(accountId);
    if (!account || (clientId !== undefined && account.clientId !== clientId)) {
      throw fault('ACCOUNT_NOT_FOUND', `no account ${accountId}${clientId === undefined ? '' : ` for client ${clientId}`}`, field);
    }
    return account;
  }

  requireDebitable(account: ClientAccount, field = 'accountId'): void {
    if (account.status === 'CLOSED') throw fault('ACCOUNT_CLOSED', `account ${account.accountId} is closed`, field);
    if (account.status === 'BLOCKED') throw fault('ACCOUNT_BLOCKED', `account ${account.accountId} is blocked for debits`, field);
  }

  requireCreditable(account: ClientAccount, field = 'accountId'): void {
    if (account.status === 'CLOSED') throw fault('ACCOUNT_CLOSED', `account ${account.accountId} is closed`, field);
  }

  holderName(account: ClientAccount): string {
    const client = this.clients.get(account.clientId);
    const name = client ? `${client.givenName} ${client.familyName}` : account.productName;
    return name.slice(0, 140);
  }

  balances(accountId: string): Balances {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    const booked = this.ledger.bookedBalance(accountId);
    const blocked = this.holds.blocked(accountId);
    const available = booked + account.creditLine - blocked - this.ledger.pendingDebit(accountId);
    return { currency: account.currency, booked, available, blocked, asOf: this.clock.now() };
  }

  // ---- posting and publishing -----------------------------------------------------------

  post(spec: PostSpec): Journal {
    const bookingDate = spec.bookingDate ?? this.today();
    const journal = this.ledger.post({
      postings: spec.postings,
      status: spec.status ?? 'BOOKED',
      bookingDate,
      valueDate: spec.valueDate ?? bookingDate,
      source: spec.source,
      createdAt: this.clock.now(),
    });
    this.publishEntries(journal, false);
    return journal;
  }

  book(journalId: string, bookingDate: string): Journal {
    const journal = this.ledger.book(journalId, bookingDate);
    this.publishEntries(journal, true);
    return journal;
  }

  discard(journalId: string): Journal {
    const journal = this.ledger.discard(journalId);
    for (const accountId of new Set(journal.entries.map((entry) => entry.accountId))) this.publishBalances(accountId);
    return journal;
  }

  publishBalances(accountId: string): void {
    if (this.silent) return;
    this.publish('ACCOUNT', accountId, this.balanceChanged(accountId));
  }

  /** BalanceChanged with the account's balances as they stand now. */
  balanceChanged(accountId: string): ChangePayload {
    return { balanceChanged: { accountId, clientId: this.ownerOf(accountId), balance: balanceViews(this.balances(accountId)) } };
  }

  /** TransactionPosted of an entry as it stands now, with the account's balances right after it when they are given. */
  transactionPosted(entry: LedgerEntry, balances?: Balances): ChangePayload {
    const posted = { clientId: this.ownerOf(entry.accountId), transaction: transactionView(entry) };
    return { transactionPosted: balances ? { ...posted, balance: balanceViews(balances) } : posted };
  }

  /** A change of an aggregate, happening now. */
  notice(aggregateType: AggregateType, aggregateId: string, payload: ChangePayload): ChangeNotice {
    return { aggregateType, aggregateId, payload, occurredAt: this.clock.now() };
  }

  /** The client who owns a client account (events name the owner). */
  private ownerOf(accountId: string): string {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no client account ${accountId}`);
    return account.clientId;
  }

  publish(aggregateType: AggregateType, aggregateId: string, payload: ChangePayload): void {
    if (this.silent) return;
    this.sink.publish(this.notice(aggregateType, aggregateId, payload));
  }

  /**
   * One transactionPosted per entry, each with the account's balances right after that
   * entry: the later entries of the same journal (an amount and its fee) are taken back out
   * of the balances as they stand once the whole journal is applied.
   */
  private publishEntries(journal: Journal, fromPending: boolean): void {
    if (this.silent) return;
    const laterAmount = new Map<string, bigint>();
    const laterDebit = new Map<string, bigint>();
    const events: { accountId: string; payload: ChangePayload }[] = [];
    for (const entry of [...journal.entries].reverse()) {
      const final = this.balances(entry.accountId);
      const later = laterAmount.get(entry.accountId) ?? 0n;
      const laterDebits = laterDebit.get(entry.accountId) ?? 0n;
      const booked = journal.status === 'BOOKED' ? final.booked - later : final.booked;
      const available =
        journal.status === 'PENDING' ? final.available + laterDebits : final.available - later - (fromPending ? laterDebits : 0n);
      const balances: Balances = { ...final, booked, available };
      events.push({ accountId: entry.accountId, payload: this.transactionPosted(entry, balances) });
      laterAmount.set(entry.accountId, later + entry.amount);
      if (entry.amount < 0n) laterDebit.set(entry.accountId, laterDebits - entry.amount);
    }
    for (const event of events.reverse()) this.publish('ACCOUNT', event.accountId, event.payload);
  }
}
