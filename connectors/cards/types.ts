/**
 * The domain types of the Cards contract (wsdl/cards/v1/Cards.xsd) as the hub uses them:
 * requests and results of each operation, enum values as string unions taken from the
 * schema, money as Money (bigint minor units), dates as "YYYY-MM-DD", instants as Date.
 * A card is shown by its masked PAN only; no type here can hold a full card number, a PIN
 * or a CVV. The card record of the hub's store is hub/store/types.ts CardRecord.
 */
import type { Money } from '../../common/money.js';
import type { PostalAddress } from '../../common/contracts/common-types.js';
import type { PageInfo } from '../shared/message-reader.js';
import type { DateRange, PageRequest } from '../shared/message-writer.js';

export type { DateRange, PageInfo, PageRequest, PostalAddress };

export const CARD_SCHEMES = ['VISA', 'MASTERCARD', 'MIR', 'UNIONPAY', 'OTHER'] as const;
export type CardScheme = (typeof CARD_SCHEMES)[number];

export const CARD_TYPES = ['DEBIT', 'CREDIT', 'PREPAID'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export const CARD_FORMS = ['PHYSICAL', 'VIRTUAL'] as const;
export type CardForm = (typeof CARD_FORMS)[number];

/** cmn:CardStatus. LOST, STOLEN, EXPIRED and CLOSED are final. */
export const CARD_STATUSES = ['ORDERED', 'ISSUED', 'ACTIVE', 'BLOCKED', 'LOST', 'STOLEN', 'EXPIRED', 'CLOSED'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Weakest first: a repeated block keeps the stronger reason. */
export const BLOCK_REASONS = ['CLIENT_REQUEST', 'SUSPECTED_FRAUD', 'BANK_DECISION'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export const CARD_ORDER_STATUSES = ['RECEIVED', 'IN_PRODUCTION', 'SHIPPED', 'READY_FOR_PICKUP', 'DELIVERED', 'CANCELLED', 'REJECTED'] as const;
export type CardOrderStatus = (typeof CARD_ORDER_STATUSES)[number];

export const LOSS_TYPES = ['LOST', 'STOLEN'] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export const REISSUE_REASONS = ['EXPIRY', 'DAMAGED', 'LOST', 'STOLEN', 'RENAME'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];

export const LIMIT_TYPES = ['PURCHASE', 'CASH_WITHDRAWAL', 'ONLINE', 'CONTACTLESS'] as const;
export type LimitType = (typeof LIMIT_TYPES)[number];

export const LIMIT_PERIODS = ['PER_TRANSACTION', 'DAILY', 'MONTHLY'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

export const PIN_DELIVERY_CHANNELS = ['SMS', 'LETTER'] as const;
export type PinDeliveryChannel = (typeof PIN_DELIVERY_CHANNELS)[number];

export const AUTHORISATION_STATUSES = ['AUTHORISED', 'SETTLED', 'REVERSED', 'EXPIRED'] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];

export const CARD_TRANSACTION_TYPES = ['PURCHASE', 'CASH_WITHDRAWAL', 'REFUND', 'OTHER'] as const;
export type CardTransactionType = (typeof CARD_TRANSACTION_TYPES)[number];

export const CREDIT_DEBIT_INDICATORS = ['CRDT', 'DBIT'] as const;
export type CreditDebitIndicator = (typeof CREDIT_DEBIT_INDICATORS)[number];

/** crd:CardSummary: a card as GetClientCards lists it. */
export interface CardSummary {
  readonly cardId: string;
  /** "427683******1234". */
  readonly maskedPan: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly scheme: CardScheme;
  readonly cardType: CardType;
  readonly cardForm: CardForm;
  readonly productName?: string;
  readonly cardholderName: string;
  /** Expiry month as printed, "YYYY-MM"; valid through the last day of that month. */
  readonly expiry: string;
  readonly status: CardStatus;
  /** Present exactly when status is BLOCKED. */
  readonly blockReason?: BlockReason;
  readonly statusReason?: string;
  readonly statusChangedAt?: Date;
}

/** crd:CardLimit: one limit as it stands, in the currency of the card's account. */
export interface CardLimit {
  readonly limitType: LimitType;
  readonly period: LimitPeriod;
  /** 0 turns that kind of use off. */
  readonly amount: Money;
  readonly productMaximum?: Money;
  /** Used part of the current day or month (DAILY and MONTHLY limits). */
  readonly used?: Money;
}

/** crd:Card: a card as GetCard returns it, with its limits and, for a credit card, its credit line. */
export interface Card extends CardSummary {
  readonly issuedOn?: string;
  readonly replacesCardId?: string;
  readonly replacedByCardId?: string;
  readonly limits: readonly CardLimit[];
  readonly creditLine?: Money;
  readonly availableCredit?: Money;
  /** When availableCredit was computed; present exactly when it is. */
  readonly creditAsOf?: Date;
}

/** crd:Delivery: a postal address or a branch for collection. */
export type Delivery = { readonly address: PostalAddress; readonly branchId?: never } | { readonly branchId: string; readonly address?: never };

export interface GetClientCardsRequest {
  readonly clientId: string;
  /** Only the cards linked to this account of the client. */
  readonly accountId?: string;
  /** Also cards in a final status (LOST, STOLEN, EXPIRED, CLOSED). */
  readonly includeFinal?: boolean;
}

export interface GetCardRequest {
  readonly clientId: string;
  readonly cardId: string;
}

export interface OrderCardRequest {
  readonly clientId: string;
  readonly accountId: string;
  readonly cardType: CardType;
  readonly cardForm: CardForm;
  readonly schemePreference?: CardScheme;
  readonly productCode?: string;
  /** ISO/IEC 7813 name to emboss; absent: derived from the client's name on file. */
  readonly cardholderName?: string;
  /** Absent: posted to the residence address on file. Ignored for a virtual card. */
  readonly delivery?: Delivery;
}

export interface OrderCardResult {
  readonly orderId: string;
  readonly status: CardOrderStatus;
  /** Present when the card already exists (always for a virtual card). */
  readonly cardId?: string;
  readonly estimatedDeliveryDate?: string;
}

export interface GetCardOrderStatusRequest {
  readonly clientId: string;
  readonly orderId: string;
}

export interface CardOrder {
  readonly orderId: string;
  readonly status: CardOrderStatus;
  readonly statusChangedAt: Date;
  /** Why the order was cancelled or rejected. */
  readonly statusReason?: string;
  readonly cardId?: string;
  readonly maskedPan?: string;
  readonly delivery?: Delivery;
  readonly trackingReference?: string;
  readonly estimatedDeliveryDate?: string;
}

/** Proof of possession: exactly one of the letter's activation code or the last four digits printed on the card. */
export type ActivateCardRequest = { readonly clientId: string; readonly cardId: string } & (
  | { readonly activationCode: string; readonly panLastFour?: never }
  | { readonly panLastFour: string; readonly activationCode?: never }
);

/** The outcome of ActivateCard and UnblockCard: the card is ACTIVE since statusChangedAt. */
export interface CardStatusResult {
  readonly cardId: string;
  readonly status: CardStatus;
  readonly statusChangedAt: Date;
}

export interface BlockCardRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly reason: BlockReason;
  readonly reasonText?: string;
}

export interface BlockCardResult extends CardStatusResult {
  /** The reason in force: the stronger of the requested one and an earlier block's. */
  readonly blockReason: BlockReason;
}

export interface UnblockCardRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly reasonText?: string;
}

export interface ReportCardLostStolenRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly lossType: LossType;
  /** YYYY-MM-DD, not after today. */
  readonly lossDate: string;
  /** Order a replacement at once. */
  readonly reissue: boolean;
  readonly delivery?: Delivery;
  readonly description?: string;
}

export interface LostStolenReport {
  readonly cardId: string;
  /** LOST or STOLEN, final. */
  readonly status: CardStatus;
  readonly statusChangedAt: Date;
  /** The replacement; present exactly when orderId is. */
  readonly newCardId?: string;
  readonly orderId?: string;
  /** Why no replacement was ordered although one was asked for (a cmn:FaultCode); the card is stopped all the same. */
  readonly reissueRefused?: string;
}

/** crd:LimitSetting: the new value of one limit, in the currency of the card's account. */
export interface LimitSetting {
  readonly limitType: LimitType;
  readonly period: LimitPeriod;
  readonly amount: Money;
}

export interface SetCardLimitsRequest {
  readonly clientId: string;
  readonly cardId: string;
  /** 1 to 12, at most one per combination of limitType and period. */
  readonly limits: readonly LimitSetting[];
}

export interface CardLimits {
  readonly cardId: string;
  /** Every limit of the card after the change. */
  readonly limits: readonly CardLimit[];
}

export interface ResetPinRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly channel: PinDeliveryChannel;
}

export interface PinReset {
  readonly cardId: string;
  readonly pinResetId: string;
  readonly channel: PinDeliveryChannel;
  /** SMS: when the one-time code stops working. */
  readonly expiresAt?: Date;
  /** LETTER: when the PIN letter is expected. */
  readonly estimatedDeliveryDate?: string;
}

export interface ReissueCardRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly reason: ReissueReason;
  readonly cardholderName?: string;
  readonly delivery?: Delivery;
}

export interface ReissueResult {
  /** The old card and its status after the call. */
  readonly cardId: string;
  readonly status: CardStatus;
  readonly newCardId: string;
  readonly orderId: string;
  readonly orderStatus: CardOrderStatus;
}

export interface GetCardTransactionsRequest {
  readonly clientId: string;
  readonly cardId: string;
  /** At most 366 days. */
  readonly period: DateRange;
  /** Only items in these statuses; all when absent or empty. */
  readonly statuses?: readonly AuthorisationStatus[];
  readonly page?: PageRequest;
}

/** crd:Merchant: the card acceptor. */
export interface Merchant {
  readonly name: string;
  readonly city?: string;
  readonly country?: string;
  readonly categoryCode: string;
}

/** crd:CardTransaction: one authorisation and what became of it. Amounts are positive; the direction is in creditDebitIndicator. */
export interface CardTransaction {
  readonly authorisationId: string;
  readonly cardId: string;
  readonly accountId: string;
  readonly status: AuthorisationStatus;
  readonly transactionType: CardTransactionType;
  readonly creditDebitIndicator: CreditDebitIndicator;
  /** In the account's currency. */
  readonly amount: Money;
  /** In the merchant's currency; equal to amount when that is the account's currency. */
  readonly originalAmount: Money;
  readonly merchant: Merchant;
  readonly authorisedAt: Date;
  /** While AUTHORISED: the last day the hold is kept. */
  readonly holdExpiryDate?: string;
  /** When SETTLED: the booking date of the account entry. */
  readonly settlementDate?: string;
  /** When SETTLED: the entryReference of the booked account entry in core banking. */
  readonly entryReference?: string;
}

export interface CardTransactionPage {
  readonly transactions: readonly CardTransaction[];
  readonly page: PageInfo;
}
