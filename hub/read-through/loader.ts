/**
 * The port through which the hub reads a back office when its store cannot answer: a
 * cache miss of the Platform API or the resynchronisation of an aggregate. The hub's core
 * only knows this interface; the composition root passes an implementation built on the
 * connectors (connectors/product-loader.ts), and tests pass their own.
 *
 * Every method answers undefined when the back office does not know the id, and throws
 * for anything else (a fault, a timeout, an open circuit): the caller then serves what
 * the store has, marked stale, or answers 503.
 */
import type { AccountRecord, ApplicationRecord, CardRecord, ClientRecord, DepositRecord, LoanRecord, SourceSystem, TransactionRecord } from '../store/types.js';

/** A record as a back office answers it: the hub sets the version (sequence). */
export type Loaded<T> = Omit<T, 'version'>;

export interface LoadContext {
  /**
   * The client on whose behalf the hub asks (the authenticated client, or the owner of the
   * stored record on a resync); back offices answer NOT_FOUND for another client's product.
   */
  readonly clientId?: string;
  /** W3C traceparent of the request that caused the load. */
  readonly traceparent?: string;
  readonly signal?: AbortSignal;
}

export interface LoadedAccount {
  readonly account: Loaded<AccountRecord>;
  /** The most recent entries of the account (booked and pending). */
  readonly transactions: readonly Loaded<TransactionRecord>[];
}

export interface LoadedOverview {
  readonly client?: Loaded<ClientRecord>;
  readonly accounts: readonly LoadedAccount[];
  readonly cards: readonly Loaded<CardRecord>[];
  readonly loans: readonly Loaded<LoanRecord>[];
  readonly deposits: readonly Loaded<DepositRecord>[];
}

export interface ProductLoader {
  clientOverview(clientId: string, context?: LoadContext): Promise<LoadedOverview | undefined>;
  client(clientId: string, context?: LoadContext): Promise<Loaded<ClientRecord> | undefined>;
  /** The account with its recent entries; `entries: false` loads the account alone (no entries). */
  account(accountId: string, context?: LoadContext, options?: { readonly entries?: boolean }): Promise<LoadedAccount | undefined>;
  /** The account's most recent entries alone (pass-through reading). */
  transactions(accountId: string, context?: LoadContext): Promise<readonly Loaded<TransactionRecord>[]>;
  card(cardId: string, context?: LoadContext): Promise<Loaded<CardRecord> | undefined>;
  loan(loanId: string, context?: LoadContext): Promise<Loaded<LoanRecord> | undefined>;
  deposit(depositId: string, context?: LoadContext): Promise<Loaded<DepositRecord> | undefined>;
  application(applicationId: string, context?: LoadContext): Promise<Loaded<ApplicationRecord> | undefined>;
}

/** Which back office is the source of each aggregate type (the ordering state is kept per source). */
export const SOURCE_OF = {
  ACCOUNT: 'CORE_BANKING',
  LOAN: 'CORE_BANKING',
  DEPOSIT: 'CORE_BANKING',
  CARD: 'CARDS',
  CLIENT: 'CRM',
  APPLICATION: 'CRM',
} as const satisfies Record<string, SourceSystem>;
