/**
 * What a standing order sends and shows, as pure functions:
 * - the payment of one due date: its id derived from the order and the date (so the same
 *   date can only ever make the same payment), and the `payment.requested` body the
 *   payments flow consumes;
 * - the order as the Platform API shows it.
 */
import { formatAmount } from '../../common/money.js';
import type { OrderPayment, StandingOrder } from './records.js';

export const PAYMENT_REQUESTED = 'payment.requested';
export const STANDING_ORDER_CHANNEL = 'STANDING_ORDER';

/** The payment id of an order's due date: also the message id of its payment.requested. */
export const paymentIdOf = (orderId: string, dueDate: string): string => `${orderId}:${dueDate}`;

export interface PaymentRequestedBody {
  readonly paymentId: string;
  readonly clientId: string;
  readonly fromAccountId: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly payee: { readonly name: string; readonly iban: string; readonly bic?: string };
  readonly remittanceInformation?: string;
  readonly channel: typeof STANDING_ORDER_CHANNEL;
  /** The due date that made the payment. */
  readonly requestedExecutionDate: string;
  readonly standingOrderId: string;
  /** The bus's ordering key, as the payments command sets it: one client's payments in order. */
  readonly aggregateType: 'CLIENT';
  readonly aggregateId: string;
}

export function paymentRequested(order: StandingOrder, dueDate: string): PaymentRequestedBody {
  return {
    paymentId: paymentIdOf(order.orderId, dueDate),
    clientId: order.clientId,
    fromAccountId: order.fromAccountId,
    amount: { amount: formatAmount(order.amount), currency: order.amount.currency },
    payee: { ...order.payee },
    ...(order.remittanceInformation !== undefined ? { remittanceInformation: order.remittanceInformation } : {}),
    channel: STANDING_ORDER_CHANNEL,
    requestedExecutionDate: dueDate,
    standingOrderId: order.orderId,
    aggregateType: 'CLIENT',
    aggregateId: order.clientId,
  };
}

export interface StandingOrderView {
  readonly orderId: string;
  readonly status: string;
  readonly fromAccountId: string;
  readonly amount: { readonly amount: string; readonly currency: string };
  readonly payee: { readonly name: string; readonly iban: string; readonly bic?: string };
  readonly remittanceInformation?: string;
  readonly frequency: string;
  readonly day?: number;
  readonly startDate: string;
  readonly endDate?: string;
  readonly nextDueDate?: string;
  readonly paymentsMade: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The latest payments, newest due date first (on reads of one order). */
  readonly payments?: readonly { readonly dueDate: string; readonly paymentId: string; readonly createdAt: string }[];
}

export function standingOrderView(order: StandingOrder, payments?: readonly OrderPayment[]): StandingOrderView {
  return {
    orderId: order.orderId,
    status: order.status,
    fromAccountId: order.fromAccountId,
    amount: { amount: formatAmount(order.amount), currency: order.amount.currency },
    payee: { ...order.payee },
    ...(order.remittanceInformation !== undefined ? { remittanceInformation: order.remittanceInformation } : {}),
    frequency: order.frequency,
    ...(order.day !== undefined ? { day: order.day } : {}),
    startDate: order.startDate,
    ...(order.endDate !== undefined ? { endDate: order.endDate } : {}),
    ...(order.nextDueDate !== undefined ? { nextDueDate: order.nextDueDate } : {}),
    paymentsMade: order.paymentsMade,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(payments ? { payments: payments.map((payment) => ({ dueDate: payment.dueDate, paymentId: payment.paymentId, createdAt: payment.createdAt.toISOString() })) } : {}),
  };
}
