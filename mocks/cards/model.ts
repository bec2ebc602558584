/**
 * The card processing system's domain vocabulary, as the Cards contract (wsdl/cards/v1)
 * defines it, and the records the mock keeps. Records never hold a full PAN: the PANs
 * live only in the PanVault (pan.ts), so that no view built from a record can leak one.
 */
import type { PostalAddress } from '../../common/contracts/common-types.js';

export type { PostalAddress } from '../../common/contracts/common-types.js';

export const CARD_STATUSES = ['ORDERED', 'ISSUED', 'ACTIVE', 'BLOCKED', 'LOST', 'STOLEN', 'EXPIRED', 'CLOSED'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** cmn:CardStatus: these never change again. */
export const FINAL_STATUSES: ReadonlySet<CardStatus> = new Set<CardStatus>(['LOST', 'STOLEN', 'EXPIRED', 'CLOSED']);
/** A card that exists and can still be used or become usable (a replacement closes such a card). */
export const LIVE_STATUSES: ReadonlySet<CardStatus> = new Set<CardStatus>(['ISSUED', 'ACTIVE', 'BLOCKED']);

export const BLOCK_REASONS = ['CLIENT_REQUEST', 'SUSPECTED_FRAUD', 'BANK_DECISION'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];
/** crd:BlockReason: a repeated block keeps the stronger reason, in this order. */
export const BLOCK_STRENGTH: Readonly<Record<BlockReason, number>> = { CLIENT_REQUEST: 1, SUSPECTED_FRAUD: 2, BANK_DECISION: 3 };

export const CARD_SCHEMES = ['VISA', 'MASTERCARD', 'MIR', 'UNIONPAY', 'OTHER'] as const;
export type CardScheme = (typeof CARD_SCHEMES)[number];
export const CARD_TYPES = ['DEBIT', 'CREDIT', 'PREPAID'] as const;
export type CardType = (typeof CARD_TYPES)[number];
export const CARD_FORMS = ['PHYSICAL', 'VIRTUAL'] as const;
export type CardForm = (typeof CARD_FORMS)[number];

export const LIMIT_TYPES = ['PURCHASE', 'CASH_WITHDRAWAL', 'ONLINE', 'CONTACTLESS'] as const;
export type LimitType = (typeof LIMIT_TYPES)[number];
export const LIMIT_PERIODS = ['PER_TRANSACTION', 'DAILY', 'MONTHLY'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];
/** `${limitType}/${period}`: one of the twelve limit combinations. */
export type LimitKey = `${LimitType}/${LimitPeriod}`;
export function limitKey(limitType: LimitType, period: LimitPeriod): LimitKey {
  return `${limitType}/${period}`;
}

export const ORDER_STATUSES = ['RECEIVED', 'IN_PRODUCTION', 'SHIPPED', 'READY_FOR_PICKUP', 'DELIVERED', 'CANCELLED', 'REJECTED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const FINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['DELIVERED', 'CANCELLED', 'REJECTED']);

export const AUTHORISATION_STATUSES = ['AUTHORISED', 'SETTLED', 'REVERSED', 'EXPIRED'] as const;
export type AuthorisationStatus = (typeof AUTHORISATION_STATUSES)[number];
export type CardTransactionType = 'PURCHASE' | 'CASH_WITHDRAWAL' | 'REFUND' | 'OTHER';
export type CreditDebit = 'CRDT' | 'DBIT';

export const LOSS_TYPES = ['LOST', 'STOLEN'] as const;
export type LossType = (typeof LOSS_TYPES)[number];
export const REISSUE_REASONS = ['EXPIRY', 'DAMAGED', 'LOST', 'STOLEN', 'RENAME'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];
export const PIN_CHANNELS = ['SMS', 'LETTER'] as const;
export type PinChannel = (typeof PIN_CHANNELS)[number];

/** crd:Delivery: by post to an address, or to a branch for collection. */
export type Delivery = { readonly address: PostalAddress } | { readonly branchId: string };

export interface StatusHistoryEntry {
  readonly at: Date;
  readonly status: CardStatus;
  readonly reason?: string;
}

export interface CardRecord {
  readonly cardId: string;
  readonly clientId: string;
  readonly accountId: string;
  /** The account's currency: limits and amounts of the card are in it. */
  readonly currency: string;
  readonly scheme: CardScheme;
  readonly type: CardType;
  readonly form: CardForm;
  readonly productCode: string;
  readonly cardholderName: string;
  /** YYYY-MM, valid through the last day of that month. */
  readonly expiry: string;
  status: CardStatus;
  /** Present exactly when status is BLOCKED. */
  blockReason?: BlockReason;
  statusReason?: string;
  statusChangedAt: Date;
  /** The first activation (ActivateCard answers it on a repeated call). */
  activatedAt?: Date;
  /** YYYY-MM-DD; absent while ORDERED. */
  issuedOn?: string;
  readonly replacesCardId?: string;
  replacedByCardId?: string;
  /** Limit in force per combination, in minor units of `currency`; all twelve are always set. */
  readonly limits: Map<LimitKey, bigint>;
  /** The one-time code printed in the activation letter (physical cards). */
  readonly activationCode: string;
  /** Consecutive wrong activation proofs; the third blocks the card. */
  failedActivations: number;
  /** Credit line in minor units (CREDIT cards; 0 otherwise). */
  readonly creditLine: bigint;
  /** When the card came into being in the card system; orders the client's card list. */
  readonly createdAt: Date;
  readonly orderId?: string;
  readonly history: StatusHistoryEntry[];
}

export interface MerchantInfo {
  readonly name: string;
  readonly city?: string;
  readonly country?: string;
  readonly categoryCode: string;
}

export interface AuthorisationRecord {
  readonly authorisationId: string;
  readonly cardId: string;
  readonly accountId: string;
  status: AuthorisationStatus;
  readonly transactionType: CardTransactionType;
  readonly direction: CreditDebit;
  /** Minor units of `currency` (the account's): held, then booked amount. */
  amount: bigint;
  readonly currency: string;
  /** Minor units of `originalCurrency` (the merchant's). */
  originalAmount: bigint;
  readonly originalCurrency: string;
  readonly merchant: MerchantInfo;
  readonly authorisedAt: Date;
  /** YYYY-MM-DD, the last day the hold is kept; set while the item was a hold. */
  readonly holdExpiryDate?: string;
  settlementDate?: string;
  entryReference?: string;
  /** Which limits the item counts against. */
  readonly limitTypes: readonly LimitType[];
  /** Seeded history (already repaid on a credit card, counts only for used limits). */
  readonly seeded: boolean;
  /** Order of arrival in the card system; paging hides items that arrived after a first page. */
  readonly arrival: number;
}
