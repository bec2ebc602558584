/**
 * Pure mappings of the payments flow: a payment to its CoreBanking transfer instruction,
 * to the status events that the timeline and notifications consume, to the JSON the
 * Platform API answers; and a transfer's status to the payment's.
 */
import { formatAmount } from '../../common/money.js';
import type { Channel, Transfer, TransferInstruction } from '../../connectors/core-banking/types.js';
import type { PaymentChannel, PaymentRecord, PaymentStatus, StatusChange } from './types.js';

/** The routing key of the command and of each status event. */
export const PAYMENT_REQUESTED = 'payment.requested';
export const STATUS_ROUTING_KEYS = {
  ACCEPTED: 'payment.accepted',
  COMPLETED: 'payment.completed',
  REJECTED: 'payment.rejected',
  FAILED: 'payment.failed',
} as const satisfies Partial<Record<PaymentStatus, string>>;
export type EventStatus = keyof typeof STATUS_ROUTING_KEYS;

/**
 * The CoreBanking contract has no value for self-service devices: a payment instructed at
 * an ATM or a kiosk is passed on as BRANCH (a device of the bank on its premises, on the
 * client's instruction), which is what the bank's fees and limits treat as closest.
 */
export const CONTRACT_CHANNELS: Readonly<Record<PaymentChannel, Channel>> = { MOBILE: 'MOBILE', WEB: 'WEB', ATM: 'BRANCH', KIOSK: 'BRANCH', STANDING_ORDER: 'SYSTEM' };

export function transferInstruction(payment: PaymentRecord): TransferInstruction {
  return {
    clientId: payment.clientId,
    debtorAccountId: payment.fromAccountId,
    creditor: { account: { iban: payment.payee.iban }, name: payment.payee.name, ...(payment.payee.bic !== undefined ? { bic: payment.payee.bic } : {}) },
    amount: payment.amount,
    ...(payment.remittanceInformation !== undefined ? { remittanceInformation: payment.remittanceInformation } : {}),
    ...(payment.requestedExecutionDate !== undefined ? { requestedExecutionDate: payment.requestedExecutionDate } : {}),
    channel: CONTRACT_CHANNELS[payment.channel],
  };
}

/** What the bank's answer to CreateTransfer means for the payment. */
export type TransferOutcome =
  | { readonly status: 'COMPLETED'; readonly transferId: string }
  | { readonly status: 'EXECUTING'; readonly transferId: string }
  | { readonly status: 'FAILED'; readonly transferId: string; readonly reasonCode: string; readonly reason: string };

/**
 * COMPLETED is booked and settled; ACCEPTED (stored, waiting for its date or for clearing)
 * and PENDING (debited, on its way) are not yet: the payment is EXECUTING until the bank
 * says COMPLETED or REJECTED. REJECTED and CANCELLED end the payment FAILED with the
 * bank's reason.
 */
export function transferOutcome(transfer: Transfer): TransferOutcome {
  const { transferId } = transfer;
  switch (transfer.status) {
    case 'COMPLETED':
      return { status: 'COMPLETED', transferId };
    case 'ACCEPTED':
    case 'PENDING':
      return { status: 'EXECUTING', transferId };
    case 'REJECTED':
    case 'CANCELLED':
      return {
        status: 'FAILED',
        transferId,
        reasonCode: transfer.reasonCode ?? (transfer.status === 'CANCELLED' ? 'CANCELLED' : transfer.externalReasonCode ? `EXTERNAL_${transfer.externalReasonCode}` : 'TRANSFER_REJECTED'),
        reason: transfer.reason ?? `the bank ${transfer.status === 'CANCELLED' ? 'cancelled' : 'rejected'} the transfer`,
      };
  }
}

/** The body of payment.accepted|completed|rejected|failed, as flows/timeline and flows/notifications read it. */
export interface PaymentStatusBody {
  readonly paymentId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly status: EventStatus;
  /** The reason code (stable, language-neutral); channels and templates word it. */
  readonly reason?: string;
  readonly occurredAt: string;
}

export function statusEvent(payment: PaymentRecord, status: EventStatus, occurredAt: Date, reasonCode?: string): { routingKey: string; messageId: string; body: PaymentStatusBody } {
  return {
    routingKey: STATUS_ROUTING_KEYS[status],
    // Stable for the payment and status: handling the command again emits nothing new.
    messageId: `${payment.paymentId}.${status.toLowerCase()}`,
    body: {
      paymentId: payment.paymentId,
      clientId: payment.clientId,
      accountId: payment.fromAccountId,
      amount: { value: formatAmount(payment.amount), currency: payment.amount.currency },
      status,
      ...(reasonCode !== undefined ? { reason: reasonCode } : {}),
      occurredAt: occurredAt.toISOString(),
    },
  };
}

/** The body of payment.requested: what the flow needs to find the payment, and the ordering key (the client). */
export interface PaymentRequestedBody {
  readonly paymentId: string;
  readonly clientId: string;
  readonly aggregateType: 'CLIENT';
  readonly aggregateId: string;
}

export function requestedMessage(payment: PaymentRecord): PaymentRequestedBody {
  return { paymentId: payment.paymentId, clientId: payment.clientId, aggregateType: 'CLIENT', aggregateId: payment.clientId };
}

/** What a client is shown while an operator looks at the payment (its message is in the dead letters). */
export interface OnHold {
  readonly since: Date;
}

export interface PaymentView {
  readonly paymentId: string;
  readonly status: PaymentStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly onHold?: boolean;
  readonly fromAccountId: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly payee: { readonly name: string; readonly iban: string; readonly bic?: string };
  readonly remittanceInformation?: string;
  readonly channel: PaymentChannel;
  readonly requestedExecutionDate?: string;
  readonly transferId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly statusHistory: readonly { readonly status: PaymentStatus; readonly reasonCode?: string; readonly reason?: string; readonly occurredAt: string }[];
  readonly decisions: readonly { readonly rule: string; readonly outcome: string; readonly reasonCode?: string; readonly reason: string }[];
}

export function paymentView(payment: PaymentRecord, history: readonly StatusChange[], onHold?: OnHold): PaymentView {
  return {
    paymentId: payment.paymentId,
    status: payment.status,
    ...(payment.reasonCode !== undefined ? { reasonCode: payment.reasonCode } : {}),
    ...(payment.reason !== undefined ? { reason: payment.reason } : {}),
    ...(onHold ? { onHold: true } : {}),
    fromAccountId: payment.fromAccountId,
    amount: { amount: formatAmount(payment.amount), currency: payment.amount.currency },
    payee: { ...payment.payee },
    ...(payment.remittanceInformation !== undefined ? { remittanceInformation: payment.remittanceInformation } : {}),
    channel: payment.channel,
    ...(payment.requestedExecutionDate !== undefined ? { requestedExecutionDate: payment.requestedExecutionDate } : {}),
    ...(payment.transferId !== undefined ? { transferId: payment.transferId } : {}),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
    statusHistory: history.map((change) => ({
      status: change.status,
      ...(change.reasonCode !== undefined ? { reasonCode: change.reasonCode } : {}),
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      occurredAt: change.occurredAt.toISOString(),
    })),
    decisions: payment.decisions.map((decision) => ({ ...decision })),
  };
}

/** Text kept in a column of this length. */
export function clipText(value: string, max: number): string {
  return [...value].length > max ? `${[...value].slice(0, max - 1).join('')}…` : value;
}
