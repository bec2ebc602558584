/**
 * The timeline's vocabulary: one entry per thing that happened to a client and is worth
 * showing in a channel's activity feed. An entry is structured data, never rendered text:
 * its kind and fields are the contract, channels choose the words.
 *
 * Two sorts of entries:
 * - movements of money (POSTING, PAYMENT) are one entry each whose status moves on: a
 *   pending account entry that is booked, a payment accepted and then completed, update
 *   their entry in place and keep its place in the timeline;
 * - changes of a product (CARD_STATUS, APPLICATION_STATUS, LOAN_CHANGE, DEPOSIT_CHANGE) are
 *   an entry per change, made only when something a client cares about changed.
 */
import type { Money } from '../../common/money.js';

export type TimelineKind = 'POSTING' | 'PAYMENT' | 'CARD_STATUS' | 'APPLICATION_STATUS' | 'LOAN_CHANGE' | 'DEPOSIT_CHANGE';
export const TIMELINE_KINDS: readonly TimelineKind[] = ['POSTING', 'PAYMENT', 'CARD_STATUS', 'APPLICATION_STATUS', 'LOAN_CHANGE', 'DEPOSIT_CHANGE'];

/** An amount inside an entry's fields, as on the wire: a decimal string with its currency. */
export interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}

/** What the entry is about, for links to the product views; only those that apply are present. */
export interface TimelineReferences {
  readonly accountId?: string;
  /** The account entry (ISO 20022 NtryRef) of a POSTING. */
  readonly entryReference?: string;
  readonly cardId?: string;
  readonly transferId?: string;
  readonly loanId?: string;
  readonly depositId?: string;
  readonly applicationId?: string;
  readonly paymentId?: string;
}

export interface PostingDetails {
  /** cmn:TransactionKind: TRANSFER, CARD_PAYMENT, FEE, INTEREST, LOAN_REPAYMENT, DEPOSIT, FX, REVERSAL, OTHER. */
  readonly transactionKind: string;
  readonly valueDate: string;
  /** Present once the entry is booked. */
  readonly bookingDate?: string;
  /** The other side; for a card payment, the merchant. */
  readonly counterparty?: { readonly name: string; readonly iban?: string; readonly bic?: string };
  readonly merchantCategoryCode?: string;
  readonly remittanceInformation?: string;
  /** The amount in the original currency (a card payment abroad, an FX transfer). */
  readonly originalAmount?: WireMoney;
  /** The entryReference of the entry this one reverses (transactionKind REVERSAL). */
  readonly reversalOf?: string;
  /** The booked balance right after the entry, when the back office sent it. */
  readonly balanceAfter?: WireMoney;
}

export interface PaymentDetails {
  /** Why a payment was rejected or failed, as the payments flow put it. */
  readonly reason?: string;
}

export interface CardStatusDetails {
  readonly maskedPan: string;
  readonly reason?: string;
  /** The status the card's previous timeline entry showed; absent on the card's first entry. */
  readonly previousStatus?: string;
}

export interface ApplicationStatusDetails {
  /** cmn:ProductType applied for. */
  readonly productType: string;
  /** Explanation for the client (documents needed, why rejected). */
  readonly reason?: string;
  /** The product that was opened, once COMPLETED. */
  readonly productId?: string;
  readonly previousStatus?: string;
}

/** What made a product entry: NEW on the product's first entry, otherwise what differs from the previous one. */
export type LoanChange = 'NEW' | 'STATUS' | 'OVERDUE' | 'SCHEDULE';
export type DepositChange = 'NEW' | 'STATUS' | 'PRINCIPAL';

export interface LoanChangeDetails {
  readonly changes: readonly LoanChange[];
  readonly previousStatus?: string;
  /** Numbers of the instalments that are OVERDUE now. */
  readonly overdueInstallments: readonly number[];
  /** The first instalment not yet paid in full. */
  readonly nextInstallment?: { readonly number: number; readonly dueDate: string; readonly total: WireMoney };
  /** How many instalments the schedule has. */
  readonly installments: number;
}

export interface DepositChangeDetails {
  readonly changes: readonly DepositChange[];
  readonly previousStatus?: string;
  readonly previousPrincipal?: WireMoney;
  readonly accruedInterest: WireMoney;
  /** Annual rate in percent, as the contract's decimal string. */
  readonly interestRate: string;
  readonly maturityDate: string;
}

export interface DetailsOf {
  readonly POSTING: PostingDetails;
  readonly PAYMENT: PaymentDetails;
  readonly CARD_STATUS: CardStatusDetails;
  readonly APPLICATION_STATUS: ApplicationStatusDetails;
  readonly LOAN_CHANGE: LoanChangeDetails;
  readonly DEPOSIT_CHANGE: DepositChangeDetails;
}

interface EntryOf<K extends TimelineKind> {
  /** Stable, opaque id of the entry. */
  readonly entryId: string;
  readonly clientId: string;
  readonly kind: K;
  /** When it happened; the entry's place in the timeline, kept when the entry is updated. */
  readonly occurredAt: Date;
  /** When the version the entry shows happened (equal to occurredAt until it is updated). */
  readonly updatedAt: Date;
  /** The kind's status: BOOKED/PENDING, the payment's, the card's, the application's, the loan's, the deposit's. */
  readonly status?: string;
  /** The entry's amount: a movement's, a loan's outstanding principal, a deposit's principal. */
  readonly amount?: Money;
  /** For account entries: credit or debit from the client's view. */
  readonly creditDebitIndicator?: 'CRDT' | 'DBIT';
  readonly references: TimelineReferences;
  readonly details: DetailsOf[K];
  /** The bus message whose content the entry shows now. */
  readonly sourceMessageId: string;
}

export type TimelineEntry = { readonly [K in TimelineKind]: EntryOf<K> }[TimelineKind];

export interface TimelineQuery {
  readonly clientId: string;
  /** Entries per page, 1 to 1000. */
  readonly limit: number;
  /** nextCursor of the previous page, with the same clientId, before and after. */
  readonly cursor?: string;
  /** Only entries that happened before this instant (exclusive). */
  readonly before?: Date;
  /** Only entries that happened after this instant (exclusive). */
  readonly after?: Date;
}

export interface TimelinePage {
  /** Newest first: by occurredAt, then entryId, both descending. */
  readonly items: readonly TimelineEntry[];
  /** Present when there are more entries; pass it as `cursor` for the next page. */
  readonly nextCursor?: string;
}
