/**
 * What the store holds, in the hub's own terms: money as bigint minor units, dates of the
 * contracts (xs:date) as "YYYY-MM-DD" strings, instants as Date, sequence numbers as
 * bigint (xs:long). Every projection row carries the sequence (`version`) and the source
 * system's instant (`asOf`) of the last change that touched it.
 */
import type { Money } from '../../common/money.js';
import type { ContactDetails, PersonName } from '../../common/contracts/common-types.js';

export type SourceSystem = 'CORE_BANKING' | 'CARDS' | 'CRM';
export const SOURCE_SYSTEMS: readonly SourceSystem[] = ['CORE_BANKING', 'CARDS', 'CRM'];

export type AggregateType = 'ACCOUNT' | 'CARD' | 'CLIENT' | 'APPLICATION' | 'LOAN' | 'DEPOSIT';
export const AGGREGATE_TYPES: readonly AggregateType[] = ['ACCOUNT', 'CARD', 'CLIENT', 'APPLICATION', 'LOAN', 'DEPOSIT'];

export interface AggregateRef {
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
}

export interface Versioned {
  /** Sequence number of the last change applied to this row. */
  readonly version: bigint;
  /** When that change happened in the source system. */
  readonly asOf: Date;
}

export type { ContactDetails, PersonName, PostalAddress } from '../../common/contracts/common-types.js';

export interface ClientRecord extends Versioned {
  readonly clientId: string;
  readonly name?: PersonName;
  readonly language?: string;
  readonly kycStatus?: string;
  readonly contacts?: ContactDetails;
}

export interface BalanceValue {
  readonly minor: bigint;
  /** When the source system computed it. */
  readonly asOf: Date;
}

export interface AccountRecord extends Versioned {
  readonly accountId: string;
  readonly clientId: string;
  readonly currency: string;
  readonly booked?: BalanceValue;
  readonly available?: BalanceValue;
  readonly blocked?: BalanceValue;
}

export interface Counterparty {
  readonly name: string;
  readonly iban?: string;
  readonly bic?: string;
}

export type TransactionStatus = 'BOOKED' | 'PENDING';

/** One entry of an account statement (cmn:Transaction), keyed by account and entryReference. */
export interface TransactionRecord extends Versioned {
  readonly accountId: string;
  readonly entryReference: string;
  readonly clientId: string;
  readonly status: TransactionStatus;
  readonly kind: string;
  readonly amount: Money;
  readonly creditDebitIndicator: 'CRDT' | 'DBIT';
  readonly originalAmount?: Money;
  readonly bookingDate?: string;
  readonly valueDate: string;
  readonly counterparty?: Counterparty;
  readonly remittanceInformation?: string;
  readonly merchantCategoryCode?: string;
  readonly cardId?: string;
  readonly transferId?: string;
  readonly reversalOf?: string;
  readonly balanceAfter?: Money;
}

export interface CardRecord extends Versioned {
  readonly cardId: string;
  readonly clientId: string;
  readonly maskedPan: string;
  readonly status: string;
  readonly reason?: string;
}

export interface InstallmentRecord {
  readonly number: number;
  readonly dueDate: string;
  readonly principal: Money;
  readonly interest: Money;
  readonly fees?: Money;
  readonly total: Money;
  readonly status: string;
}

export interface LoanRecord extends Versioned {
  readonly loanId: string;
  readonly clientId: string;
  readonly status: string;
  readonly outstandingPrincipal: Money;
  readonly schedule: readonly InstallmentRecord[];
}

export interface DepositRecord extends Versioned {
  readonly depositId: string;
  readonly clientId: string;
  readonly status: string;
  readonly principal: Money;
  readonly accruedInterest: Money;
  /** Annual rate in percent, as the contract's decimal string ("3.5"). */
  readonly interestRate: string;
  readonly maturityDate: string;
}

export interface ApplicationRecord extends Versioned {
  readonly applicationId: string;
  readonly clientId: string;
  readonly productType: string;
  readonly status: string;
  readonly reason?: string;
  readonly productId?: string;
}

/** Ordering state of one aggregate as published by one source system. */
export interface AggregateState {
  readonly sourceSystem: SourceSystem;
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
  /** Highest applied sequence; 0 when none. */
  readonly lastSequence: bigint;
  readonly resyncPending: boolean;
  /** When the hub applied the last event; absent when none was. */
  readonly asOf?: Date;
}

export interface ProcessedEventRecord {
  readonly eventId: string;
  readonly sourceSystem: SourceSystem;
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
  readonly sequence: bigint;
  readonly processedAt: Date;
}

export interface NewOutboxMessage {
  readonly eventId: string;
  /** Routing key on the bus, such as 'account.transaction.posted'. */
  readonly routingKey: string;
  /** JSON text. */
  readonly payload: string;
  readonly createdAt: Date;
}

export interface OutboxMessage extends NewOutboxMessage {
  /** Increasing in commit order of the batches that wrote them; a decimal string (bigint column). */
  readonly id: string;
  readonly sentAt?: Date;
  readonly attempts: number;
}

export type ResyncOrigin = 'GAP' | 'REQUESTED';

export interface ResyncRequestRecord {
  readonly resyncId: string;
  readonly sourceSystem: SourceSystem;
  readonly aggregateType: AggregateType;
  readonly aggregateId: string;
  readonly origin: ResyncOrigin;
  readonly reason?: string;
  readonly requestedAt: Date;
}

/** Everything one batch of events writes; each list holds at most one row per key. */
export interface ChangeSet {
  readonly clients: readonly ClientRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly transactions: readonly TransactionRecord[];
  readonly cards: readonly CardRecord[];
  readonly loans: readonly LoanRecord[];
  readonly deposits: readonly DepositRecord[];
  readonly applications: readonly ApplicationRecord[];
  readonly aggregates: readonly AggregateState[];
  readonly processed: readonly ProcessedEventRecord[];
  readonly outbox: readonly NewOutboxMessage[];
  readonly resyncRequests: readonly ResyncRequestRecord[];
}

/**
 * The operations of one database transaction that applies a batch of change events.
 * Reads take whole lists (one statement per list, not one per event); `write` stores a
 * ChangeSet with batched statements. Nothing is visible to others before the commit.
 */
export interface ChangeTransaction {
  /** Which of these event ids were accepted before. */
  processedEventIds(eventIds: readonly string[]): Promise<Set<string>>;
  /**
   * The ordering state of these aggregates of one source system, locked until the end of
   * the transaction where the database can (a missing key has no state yet).
   */
  lockAggregates(sourceSystem: SourceSystem, refs: readonly AggregateRef[]): Promise<Map<string, AggregateState>>;
  accounts(accountIds: readonly string[]): Promise<Map<string, AccountRecord>>;
  clients(clientIds: readonly string[]): Promise<Map<string, ClientRecord>>;
  write(changes: ChangeSet): Promise<void>;
}

/** Key of an aggregate in maps: its type and id. */
export function aggregateKey(ref: AggregateRef): string {
  return `${ref.aggregateType}/${ref.aggregateId}`;
}

export interface TransactionQuery {
  readonly accountId: string;
  readonly status?: TransactionStatus;
  /** Inclusive bounds on the entry's date (booking date, or value date while pending), YYYY-MM-DD. */
  readonly from?: string;
  readonly to?: string;
  /** Opaque cursor from a previous page's nextCursor. */
  readonly cursor?: string;
  readonly limit: number;
}

export interface TransactionPage {
  readonly items: readonly TransactionRecord[];
  readonly nextCursor?: string;
}

export interface ClientOverview {
  readonly client?: ClientRecord;
  readonly accounts: readonly AccountRecord[];
  readonly cards: readonly CardRecord[];
  readonly loans: readonly LoanRecord[];
  readonly deposits: readonly DepositRecord[];
  readonly applications: readonly ApplicationRecord[];
}

export interface StoreHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}
