/**
 * Which source system may publish which event type, as the SourceSystem enumeration of
 * wsdl/cache-control/v1/CacheControl.xsd documents it. Card processing posts account
 * entries too, but only its own: card payments (authorisation holds and settlements).
 */
import type { AggregateType, SourceSystem } from '../store/types.js';

export type EventType =
  | 'BalanceChanged'
  | 'TransactionPosted'
  | 'CardStatusChanged'
  | 'ClientDataChanged'
  | 'ApplicationStatusChanged'
  | 'LoanScheduleChanged'
  | 'DepositChanged';

export interface EventKind {
  readonly type: EventType;
  /** The ChangeEvent choice element that carries it. */
  readonly element: string;
  readonly aggregateType: AggregateType;
  /** The payload field that must equal the event's aggregateId. */
  readonly idField: string;
  /** Routing key of the outbox message on the bus. */
  readonly routingKey: string;
}

export const EVENT_KINDS: readonly EventKind[] = [
  { type: 'BalanceChanged', element: 'balanceChanged', aggregateType: 'ACCOUNT', idField: 'accountId', routingKey: 'account.balance.changed' },
  { type: 'TransactionPosted', element: 'transactionPosted', aggregateType: 'ACCOUNT', idField: 'transaction.accountId', routingKey: 'account.transaction.posted' },
  { type: 'CardStatusChanged', element: 'cardStatusChanged', aggregateType: 'CARD', idField: 'cardId', routingKey: 'card.status.changed' },
  { type: 'ClientDataChanged', element: 'clientDataChanged', aggregateType: 'CLIENT', idField: 'clientId', routingKey: 'client.data.changed' },
  { type: 'ApplicationStatusChanged', element: 'applicationStatusChanged', aggregateType: 'APPLICATION', idField: 'applicationId', routingKey: 'application.status.changed' },
  { type: 'LoanScheduleChanged', element: 'loanScheduleChanged', aggregateType: 'LOAN', idField: 'loanId', routingKey: 'loan.schedule.changed' },
  { type: 'DepositChanged', element: 'depositChanged', aggregateType: 'DEPOSIT', idField: 'depositId', routingKey: 'deposit.changed' },
];

export const ENTITLEMENTS: Readonly<Record<SourceSystem, readonly EventType[]>> = {
  CORE_BANKING: ['BalanceChanged', 'TransactionPosted', 'LoanScheduleChanged', 'DepositChanged'],
  CARDS: ['CardStatusChanged', 'TransactionPosted'],
  CRM: ['ClientDataChanged', 'ApplicationStatusChanged'],
};

/** Kinds of TransactionPosted a source may publish, where it is restricted. */
const TRANSACTION_KINDS: Partial<Record<SourceSystem, readonly string[]>> = {
  CARDS: ['CARD_PAYMENT'],
};

/** Why the source may not publish this event, or undefined when it may. */
export function entitlementProblem(source: SourceSystem, type: EventType, transactionKind?: string): string | undefined {
  if (!ENTITLEMENTS[source].includes(type)) return `${source} may not publish ${type}`;
  const kinds = TRANSACTION_KINDS[source];
  if (type === 'TransactionPosted' && kinds && !kinds.includes(transactionKind ?? '')) {
    return `${source} may publish TransactionPosted only of kind ${kinds.join(', ')}, not ${transactionKind ?? 'none'}`;
  }
  return undefined;
}
