/**
 * The payments flow's model: a payment as the channel asked for it, its status and the
 * fraud rules' decisions. Money is `Money` (bigint minor units) inside; the wire shapes
 * with decimal strings are built in mapping.ts.
 */
import type { Money } from '../../common/money.js';

/** Channels a client submits payments through (the Platform API command). */
export const CLIENT_CHANNELS = ['MOBILE', 'WEB', 'ATM', 'KIOSK'] as const;
/** Every origin of a payment: the client channels, and the hub's standing orders (flows/recurring-payments). */
export const PAYMENT_CHANNELS = [...CLIENT_CHANNELS, 'STANDING_ORDER'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/**
 * REQUESTED (written by the command) → ACCEPTED (fraud rules passed) → EXECUTING (the bank
 * took the transfer but has not executed it yet) → COMPLETED; REJECTED by a fraud rule;
 * FAILED when the bank refused the transfer. COMPLETED, REJECTED and FAILED are final.
 */
export const PAYMENT_STATUSES = ['REQUESTED', 'ACCEPTED', 'EXECUTING', 'COMPLETED', 'REJECTED', 'FAILED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FINAL_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set<PaymentStatus>(['COMPLETED', 'REJECTED', 'FAILED']);

export interface Payee {
  readonly name: string;
  /** Electronic form: upper case, no spaces, check digits verified. */
  readonly iban: string;
  readonly bic?: string;
}

/** A validated payment request, as the channel sent it. */
export interface PaymentRequest {
  readonly fromAccountId: string;
  readonly amount: Money;
  readonly payee: Payee;
  readonly remittanceInformation?: string;
  readonly channel: PaymentChannel;
  /** YYYY-MM-DD; absent: as soon as possible. */
  readonly requestedExecutionDate?: string;
}

export type RuleName = 'CHANNEL_AMOUNT_LIMIT' | 'VELOCITY' | 'NEW_PAYEE_LARGE_AMOUNT' | 'ACCOUNT_STATUS';

/** One fraud rule's verdict, kept with the payment. */
export interface Decision {
  readonly rule: RuleName;
  readonly outcome: 'PASS' | 'REJECT';
  /** Why: a stable code when rejected (see docs/flows.md, "Payments"). */
  readonly reasonCode?: string;
  /** What was compared, in words, for the operator and the client's support. */
  readonly reason: string;
}

/** One status the payment reached. */
export interface StatusChange {
  readonly status: PaymentStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly occurredAt: Date;
}

export interface PaymentRecord extends PaymentRequest {
  readonly paymentId: string;
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly status: PaymentStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly transferId?: string;
  readonly decisions: readonly Decision[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
