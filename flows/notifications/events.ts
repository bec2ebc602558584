/**
 * Which events become notifications, decided as a bank's product would:
 *
 * - account.transaction.posted, BOOKED entries only (a pending authorisation is followed by
 *   its booking; telling both would say everything twice): a debit at or above the large
 *   debit threshold of its currency is a security alert (large-debit); otherwise a card
 *   purchase (CARD_PAYMENT, DBIT) and an incoming transfer (TRANSFER, CRDT) are told.
 *   Balance changes, fees, interest, reversals and the client's own outgoing transfers
 *   below the threshold are not (the payment flow tells those).
 * - card.status.changed: BLOCKED, LOST, STOLEN, ISSUED (a new or reissued card on its way)
 *   and ACTIVE (activated or unblocked). ORDERED, EXPIRED and CLOSED are not told: the
 *   client caused them or learns of them with the replacement.
 * - application.status.changed: DOCUMENTS_REQUIRED, APPROVED, COMPLETED, REJECTED. Not
 *   SUBMITTED, IN_REVIEW or CANCELLED: the client just did that, or nothing is asked of them.
 * - loan.schedule.changed: the loan is OVERDUE (with the oldest unpaid instalment) or REPAID.
 * - deposit.changed: the deposit MATURED.
 * - payment.completed, payment.rejected, payment.failed. Not payment.accepted: the client
 *   has just submitted the payment and sees it in the app.
 *
 * Events older than the age limit (a replay, a resynchronisation after an outage) are not
 * told: a notification about last week's card block helps nobody.
 */
import { parseAmount, compareMoney, MoneyError, type Money } from '../../common/money.js';
import type { ChangeEventMessage, FlowMessage } from '../../hub/bus/flow.js';
import { flowError } from './errors.js';
import { PRODUCT_TYPES, type NotificationIntent, type NotificationKind, type Param, type ProductType } from './model.js';

/** The routing keys on dbp.events the flow consumes. */
export const NOTIFICATION_BINDINGS: readonly string[] = [
  'account.transaction.posted',
  'card.status.changed',
  'application.status.changed',
  'loan.schedule.changed',
  'deposit.changed',
  'payment.completed',
  'payment.rejected',
  'payment.failed',
];

/** Large debit thresholds by default, as wire amounts per currency; other currencies have none. */
export const DEFAULT_LARGE_DEBIT_THRESHOLDS: Readonly<Record<string, string>> = {
  EUR: '1000.00',
  USD: '1000.00',
  GBP: '1000.00',
  CHF: '1000.00',
  RUB: '100000.00',
};

export interface EventRules {
  /** Debits at or above these amounts are security alerts. */
  readonly largeDebitThresholds: Readonly<Record<string, string>>;
  /** Events that happened longer ago than this are not told. */
  readonly maxAgeMs: number;
  readonly now: () => Date;
}

/** The payment status message the payments flow publishes. */
export interface PaymentStatusMessage {
  readonly paymentId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly status: string;
  readonly reason?: string;
  readonly occurredAt: string;
}

/** The notification an event asks for, or undefined when it asks for none. Throws a permanent FlowError on a message it cannot read. */
export function notificationFor(message: FlowMessage, rules: EventRules): NotificationIntent | undefined {
  const body = object(message.body, 'the message body');
  if (message.routingKey.startsWith('payment.')) return paymentNotification(message.routingKey, body, rules);
  const event = body as unknown as ChangeEventMessage;
  if (isTooOld(text(body, 'occurredAt', 'the event'), rules)) return undefined;
  const payload = object(event.payload, 'the event payload');
  switch (message.routingKey) {
    case 'account.transaction.posted':
      return transactionNotification(payload, rules);
    case 'card.status.changed':
      return cardNotification(payload);
    case 'application.status.changed':
      return applicationNotification(payload);
    case 'loan.schedule.changed':
      return loanNotification(payload);
    case 'deposit.changed':
      return depositNotification(payload);
    default:
      return undefined;
  }
}

function transactionNotification(payload: Plain, rules: EventRules): NotificationIntent | undefined {
  const clientId = text(payload, 'clientId', 'transactionPosted');
  const entry = object(payload.transaction, 'transactionPosted/transaction');
  if (entry.status !== 'BOOKED' || entry.kind === 'REVERSAL') return undefined;
  const amountValue = object(entry.amount, 'transaction/amount');
  const wire = { amount: text(amountValue, 'amount', 'transaction/amount'), currency: text(amountValue, 'currency', 'transaction/amount') };
  const amount: Param = { type: 'money', ...wire };
  const date: Param = { type: 'date', value: optText(entry, 'bookingDate') ?? text(entry, 'valueDate', 'transaction') };
  const counterparty = entry.counterparty === undefined ? undefined : optText(object(entry.counterparty, 'transaction/counterparty'), 'name');
  const direction = entry.creditDebitIndicator;
  if (direction === 'DBIT' && isLarge(money(wire), rules)) {
    return { kind: 'large-debit', clientId, params: { amount, date, counterparty: { type: 'text', value: counterparty ?? optText(entry, 'remittanceInformation'), fallback: 'unknownCounterparty' } } };
  }
  if (direction === 'DBIT' && entry.kind === 'CARD_PAYMENT') {
    return { kind: 'card-purchase', clientId, params: { amount, date, merchant: { type: 'text', value: counterparty ?? optText(entry, 'remittanceInformation'), fallback: 'unknownMerchant' } } };
  }
  if (direction === 'CRDT' && entry.kind === 'TRANSFER') {
    return { kind: 'incoming-transfer', clientId, params: { amount, date, sender: { type: 'text', value: counterparty, fallback: 'unknownSender' } } };
  }
  return undefined;
}

const CARD_KINDS: Readonly<Record<string, NotificationKind>> = {
  BLOCKED: 'card-blocked',
  LOST: 'card-lost',
  STOLEN: 'card-stolen',
  ISSUED: 'card-issued',
  ACTIVE: 'card-active',
};

function cardNotification(payload: Plain): NotificationIntent | undefined {
  const kind = CARD_KINDS[text(payload, 'status', 'cardStatusChanged')];
  if (!kind) return undefined;
  return { kind, clientId: text(payload, 'clientId', 'cardStatusChanged'), params: { card: { type: 'card', maskedPan: text(payload, 'maskedPan', 'cardStatusChanged') } } };
}

const APPLICATION_KINDS: Readonly<Record<string, NotificationKind>> = {
  DOCUMENTS_REQUIRED: 'application-documents-required',
  APPROVED: 'application-approved',
  COMPLETED: 'application-completed',
  REJECTED: 'application-rejected',
};

function applicationNotification(payload: Plain): NotificationIntent | undefined {
  const kind = APPLICATION_KINDS[text(payload, 'status', 'applicationStatusChanged')];
  if (!kind) return undefined;
  const productType = text(payload, 'productType', 'applicationStatusChanged');
  const product: ProductType = (PRODUCT_TYPES as readonly string[]).includes(productType) ? (productType as ProductType) : 'OTHER';
  return {
    kind,
    clientId: text(payload, 'clientId', 'applicationStatusChanged'),
    params: { product: { type: 'product', value: product }, reason: { type: 'text', value: optText(payload, 'reason'), fallback: 'noReason' } },
  };
}

function loanNotification(payload: Plain): NotificationIntent | undefined {
  const clientId = text(payload, 'clientId', 'loanScheduleChanged');
  const status = text(payload, 'status', 'loanScheduleChanged');
  if (status === 'REPAID') return { kind: 'loan-repaid', clientId, params: {} };
  if (status !== 'OVERDUE') return undefined;
  const lines = list(payload.installment).map((line) => object(line, 'loanScheduleChanged/installment'));
  const overdue = lines.filter((line) => line.status === 'OVERDUE' || line.status === 'PARTIALLY_PAID').sort((a, b) => String(a.dueDate).localeCompare(String(b.dueDate)))[0];
  if (!overdue) return undefined;
  const total = object(overdue.total, 'installment/total');
  return {
    kind: 'loan-overdue',
    clientId,
    params: {
      amount: { type: 'money', amount: text(total, 'amount', 'installment/total'), currency: text(total, 'currency', 'installment/total') },
      due: { type: 'date', value: text(overdue, 'dueDate', 'installment') },
    },
  };
}

function depositNotification(payload: Plain): NotificationIntent | undefined {
  if (text(payload, 'status', 'depositChanged') !== 'MATURED') return undefined;
  const wireMoney = (name: string): Param => {
    const value = object(payload[name], `depositChanged/${name}`);
    return { type: 'money', amount: text(value, 'amount', name), currency: text(value, 'currency', name) };
  };
  return {
    kind: 'deposit-matured',
    clientId: text(payload, 'clientId', 'depositChanged'),
    params: { principal: wireMoney('principal'), interest: wireMoney('accruedInterest'), date: { type: 'date', value: text(payload, 'maturityDate', 'depositChanged') } },
  };
}

const PAYMENT_KINDS: Readonly<Record<string, NotificationKind>> = {
  'payment.completed': 'payment-completed',
  'payment.rejected': 'payment-rejected',
  'payment.failed': 'payment-failed',
};

function paymentNotification(routingKey: string, body: Plain, rules: EventRules): NotificationIntent | undefined {
  const kind = PAYMENT_KINDS[routingKey];
  if (!kind) return undefined;
  const occurredAt = text(body, 'occurredAt', 'the payment status');
  if (isTooOld(occurredAt, rules)) return undefined;
  const amount = object(body.amount, 'the payment amount');
  return {
    kind,
    clientId: text(body, 'clientId', 'the payment status'),
    params: {
      amount: { type: 'money', amount: text(amount, 'value', 'the payment amount'), currency: text(amount, 'currency', 'the payment amount') },
      reason: { type: 'text', value: optText(body, 'reason'), fallback: 'noReason' },
      time: { type: 'instant', value: occurredAt },
    },
  };
}

function isLarge(amount: Money, rules: EventRules): boolean {
  const threshold = rules.largeDebitThresholds[amount.currency];
  return threshold !== undefined && compareMoney(amount, money({ amount: threshold, currency: amount.currency })) >= 0;
}

function isTooOld(occurredAt: string, rules: EventRules): boolean {
  const at = Date.parse(occurredAt);
  if (Number.isNaN(at)) throw flowError('NOTIFICATION_MESSAGE_INVALID', `occurredAt ${occurredAt} is not an instant`);
  return rules.now().getTime() - at > rules.maxAgeMs;
}

function money(wire: { amount: string; currency: string }): Money {
  try {
    return parseAmount(wire.amount, wire.currency);
  } catch (error) {
    if (error instanceof MoneyError) throw flowError('NOTIFICATION_MESSAGE_INVALID', `${wire.amount} ${wire.currency}: ${error.message}`);
    throw error;
  }
}

// Plain values (common/soap/codec.ts): strings, objects, arrays for repeatable elements.
type Plain = Readonly<Record<string, unknown>>;

function object(value: unknown, what: string): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw flowError('NOTIFICATION_MESSAGE_INVALID', `${what} is not an object`);
  return value as Plain;
}

function text(value: Plain, name: string, what: string): string {
  const field = value[name];
  if (typeof field !== 'string' || field.length === 0) throw flowError('NOTIFICATION_MESSAGE_INVALID', `${what} has no ${name}`);
  return field;
}

function optText(value: Plain, name: string): string | undefined {
  const field = value[name];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
