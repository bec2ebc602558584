/**
 * How each record maps to its table's columns and back. One place per table, so the
 * writer (batched statements) and the readers agree on names, order and encodings:
 * money minor units and 64-bit integers as decimal strings, instants as ISO 8601 UTC,
 * optional values as NULL (see rows.ts).
 */
import { formatAmount, parseAmount, type Money } from '../../common/money.js';
import { big, flag, instant, money, omitUndefined, optBalance, optInstant, optMoney, optText, text, type TableSpec } from './rows.js';
import type {
  AccountRecord,
  AggregateState,
  AggregateType,
  ApplicationRecord,
  CardRecord,
  ClientRecord,
  ContactDetails,
  DepositRecord,
  InstallmentRecord,
  LoanRecord,
  NewOutboxMessage,
  OutboxMessage,
  ProcessedEventRecord,
  ResyncRequestRecord,
  SourceSystem,
  TransactionRecord,
} from './types.js';

const VERSIONED = [
  ['version', 'bigint'],
  ['as_of', 'instant'],
] as const;

export const CLIENT: TableSpec<ClientRecord> = {
  name: 'client',
  keys: ['client_id'],
  columns: [
    ['client_id', 'text'],
    ['given_name', 'text'],
    ['middle_name', 'text'],
    ['family_name', 'text'],
    ['language', 'text'],
    ['kyc_status', 'text'],
    ['contacts', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [r.clientId, r.name?.givenName, r.name?.middleName, r.name?.familyName, r.language, r.kycStatus, r.contacts ? JSON.stringify(r.contacts) : null, r.version, r.asOf],
  fromRow: (row) => {
    const givenName = optText(row, 'given_name');
    const contacts = optText(row, 'contacts');
    return omitUndefined({
      clientId: text(row, 'client_id'),
      name: givenName === undefined ? undefined : omitUndefined({ givenName, middleName: optText(row, 'middle_name'), familyName: text(row, 'family_name') }),
      language: optText(row, 'language'),
      kycStatus: optText(row, 'kyc_status'),
      contacts: contacts === undefined ? undefined : (JSON.parse(contacts) as ContactDetails),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    });
  },
};

export const ACCOUNT: TableSpec<AccountRecord> = {
  name: 'account',
  keys: ['account_id'],
  columns: [
    ['account_id', 'text'],
    ['client_id', 'text'],
    ['currency', 'text'],
    ['booked_minor', 'text'],
    ['booked_as_of', 'instant'],
    ['available_minor', 'text'],
    ['available_as_of', 'instant'],
    ['blocked_minor', 'text'],
    ['blocked_as_of', 'instant'],
    ...VERSIONED,
  ],
  toRow: (r) => [
    r.accountId,
    r.clientId,
    r.currency,
    r.booked?.minor.toString(),
    r.booked?.asOf,
    r.available?.minor.toString(),
    r.available?.asOf,
    r.blocked?.minor.toString(),
    r.blocked?.asOf,
    r.version,
    r.asOf,
  ],
  fromRow: (row) =>
    omitUndefined({
      accountId: text(row, 'account_id'),
      clientId: text(row, 'client_id'),
      currency: text(row, 'currency').trim(),
      booked: optBalance(row, 'booked'),
      available: optBalance(row, 'available'),
      blocked: optBalance(row, 'blocked'),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    }),
};

export const TRANSACTION: TableSpec<TransactionRecord> = {
  name: 'account_transaction',
  keys: ['account_id', 'entry_reference'],
  columns: [
    ['account_id', 'text'],
    ['entry_reference', 'text'],
    ['client_id', 'text'],
    ['status', 'text'],
    ['kind', 'text'],
    ['amount_minor', 'text'],
    ['currency', 'text'],
    ['credit_debit', 'text'],
    ['original_amount_minor', 'text'],
    ['original_currency', 'text'],
    ['booking_date', 'text'],
    ['value_date', 'text'],
    ['entry_date', 'text'],
    ['counterparty_name', 'text'],
    ['counterparty_iban', 'text'],
    ['counterparty_bic', 'text'],
    ['remittance_information', 'text'],
    ['merchant_category_code', 'text'],
    ['card_id', 'text'],
    ['transfer_id', 'text'],
    ['reversal_of', 'text'],
    ['balance_after_minor', 'text'],
    ['balance_after_currency', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [
    r.accountId,
    r.entryReference,
    r.clientId,
    r.status,
    r.kind,
    r.amount.minor.toString(),
    r.amount.currency,
    r.creditDebitIndicator,
    r.originalAmount?.minor.toString(),
    r.originalAmount?.currency,
    r.bookingDate,
    r.valueDate,
    entryDate(r),
    r.counterparty?.name,
    r.counterparty?.iban,
    r.counterparty?.bic,
    r.remittanceInformation,
    r.merchantCategoryCode,
    r.cardId,
    r.transferId,
    r.reversalOf,
    r.balanceAfter?.minor.toString(),
    r.balanceAfter?.currency,
    r.version,
    r.asOf,
  ],
  fromRow: (row) => {
    const counterpartyName = optText(row, 'counterparty_name');
    return omitUndefined({
      accountId: text(row, 'account_id'),
      entryReference: text(row, 'entry_reference'),
      clientId: text(row, 'client_id'),
      status: text(row, 'status') as TransactionRecord['status'],
      kind: text(row, 'kind'),
      amount: money(row, 'amount_minor', 'currency'),
      creditDebitIndicator: text(row, 'credit_debit') as TransactionRecord['creditDebitIndicator'],
      originalAmount: optMoney(row, 'original_amount_minor', 'original_currency'),
      bookingDate: optText(row, 'booking_date'),
      valueDate: text(row, 'value_date'),
      counterparty:
        counterpartyName === undefined
          ? undefined
          : omitUndefined({ name: counterpartyName, iban: optText(row, 'counterparty_iban'), bic: optText(row, 'counterparty_bic') }),
      remittanceInformation: optText(row, 'remittance_information'),
      merchantCategoryCode: optText(row, 'merchant_category_code'),
      cardId: optText(row, 'card_id'),
      transferId: optText(row, 'transfer_id'),
      reversalOf: optText(row, 'reversal_of'),
      balanceAfter: optMoney(row, 'balance_after_minor', 'balance_after_currency'),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    });
  },
};

/** The date a statement is ordered and filtered by: the booking date, or the value date while pending. */
export function entryDate(record: Pick<TransactionRecord, 'bookingDate' | 'valueDate'>): string {
  return record.bookingDate ?? record.valueDate;
}

export const CARD: TableSpec<CardRecord> = {
  name: 'card',
  keys: ['card_id'],
  columns: [
    ['card_id', 'text'],
    ['client_id', 'text'],
    ['masked_pan', 'text'],
    ['status', 'text'],
    ['reason', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [r.cardId, r.clientId, r.maskedPan, r.status, r.reason, r.version, r.asOf],
  fromRow: (row) =>
    omitUndefined({
      cardId: text(row, 'card_id'),
      clientId: text(row, 'client_id'),
      maskedPan: text(row, 'masked_pan'),
      status: text(row, 'status'),
      reason: optText(row, 'reason'),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    }),
};

interface WireMoney {
  readonly amount: string;
  readonly currency: string;
}
const wire = (value: Money): WireMoney => ({ amount: formatAmount(value), currency: value.currency });
const unwire = (value: WireMoney): Money => parseAmount(value.amount, value.currency);

export const LOAN: TableSpec<LoanRecord> = {
  name: 'loan',
  keys: ['loan_id'],
  columns: [
    ['loan_id', 'text'],
    ['client_id', 'text'],
    ['status', 'text'],
    ['outstanding_minor', 'text'],
    ['currency', 'text'],
    ['schedule', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [
    r.loanId,
    r.clientId,
    r.status,
    r.outstandingPrincipal.minor.toString(),
    r.outstandingPrincipal.currency,
    JSON.stringify(
      r.schedule.map((line) => ({
        number: line.number,
        dueDate: line.dueDate,
        principal: wire(line.principal),
        interest: wire(line.interest),
        ...(line.fees ? { fees: wire(line.fees) } : {}),
        total: wire(line.total),
        status: line.status,
      })),
    ),
    r.version,
    r.asOf,
  ],
  fromRow: (row) => {
    const lines = JSON.parse(text(row, 'schedule')) as { number: number; dueDate: string; principal: WireMoney; interest: WireMoney; fees?: WireMoney; total: WireMoney; status: string }[];
    return {
      loanId: text(row, 'loan_id'),
      clientId: text(row, 'client_id'),
      status: text(row, 'status'),
      outstandingPrincipal: money(row, 'outstanding_minor', 'currency'),
      schedule: lines.map(
        (line): InstallmentRecord =>
          omitUndefined({
            number: line.number,
            dueDate: line.dueDate,
            principal: unwire(line.principal),
            interest: unwire(line.interest),
            fees: line.fees ? unwire(line.fees) : undefined,
            total: unwire(line.total),
            status: line.status,
          }),
      ),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    };
  },
};

export const DEPOSIT: TableSpec<DepositRecord> = {
  name: 'deposit',
  keys: ['deposit_id'],
  columns: [
    ['deposit_id', 'text'],
    ['client_id', 'text'],
    ['status', 'text'],
    ['principal_minor', 'text'],
    ['accrued_interest_minor', 'text'],
    ['currency', 'text'],
    ['interest_rate', 'text'],
    ['maturity_date', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [
    r.depositId,
    r.clientId,
    r.status,
    r.principal.minor.toString(),
    r.accruedInterest.minor.toString(),
    r.principal.currency,
    r.interestRate,
    r.maturityDate,
    r.version,
    r.asOf,
  ],
  fromRow: (row) => ({
    depositId: text(row, 'deposit_id'),
    clientId: text(row, 'client_id'),
    status: text(row, 'status'),
    principal: money(row, 'principal_minor', 'currency'),
    accruedInterest: money(row, 'accrued_interest_minor', 'currency'),
    interestRate: text(row, 'interest_rate'),
    maturityDate: text(row, 'maturity_date'),
    version: big(row, 'version'),
    asOf: instant(row, 'as_of'),
  }),
};

export const APPLICATION: TableSpec<ApplicationRecord> = {
  name: 'application',
  keys: ['application_id'],
  columns: [
    ['application_id', 'text'],
    ['client_id', 'text'],
    ['product_type', 'text'],
    ['status', 'text'],
    ['reason', 'text'],
    ['product_id', 'text'],
    ...VERSIONED,
  ],
  toRow: (r) => [r.applicationId, r.clientId, r.productType, r.status, r.reason, r.productId, r.version, r.asOf],
  fromRow: (row) =>
    omitUndefined({
      applicationId: text(row, 'application_id'),
      clientId: text(row, 'client_id'),
      productType: text(row, 'product_type'),
      status: text(row, 'status'),
      reason: optText(row, 'reason'),
      productId: optText(row, 'product_id'),
      version: big(row, 'version'),
      asOf: instant(row, 'as_of'),
    }),
};

export const AGGREGATE_STATE: TableSpec<AggregateState> = {
  name: 'aggregate_state',
  keys: ['source_system', 'aggregate_type', 'aggregate_id'],
  columns: [
    ['source_system', 'text'],
    ['aggregate_type', 'text'],
    ['aggregate_id', 'text'],
    ['last_sequence', 'bigint'],
    ['resync_pending', 'flag'],
    ['as_of', 'instant'],
  ],
  toRow: (r) => [r.sourceSystem, r.aggregateType, r.aggregateId, r.lastSequence, r.resyncPending, r.asOf],
  fromRow: (row) =>
    omitUndefined({
      sourceSystem: text(row, 'source_system') as SourceSystem,
      aggregateType: text(row, 'aggregate_type') as AggregateType,
      aggregateId: text(row, 'aggregate_id'),
      lastSequence: big(row, 'last_sequence'),
      resyncPending: flag(row, 'resync_pending'),
      asOf: optInstant(row, 'as_of'),
    }),
};

export const PROCESSED_EVENT: TableSpec<ProcessedEventRecord> = {
  name: 'processed_event',
  keys: ['event_id'],
  columns: [
    ['event_id', 'text'],
    ['source_system', 'text'],
    ['aggregate_type', 'text'],
    ['aggregate_id', 'text'],
    ['sequence', 'bigint'],
    ['processed_at', 'instant'],
  ],
  toRow: (r) => [r.eventId, r.sourceSystem, r.aggregateType, r.aggregateId, r.sequence, r.processedAt],
  fromRow: (row) => ({
    eventId: text(row, 'event_id'),
    sourceSystem: text(row, 'source_system') as SourceSystem,
    aggregateType: text(row, 'aggregate_type') as AggregateType,
    aggregateId: text(row, 'aggregate_id'),
    sequence: big(row, 'sequence'),
    processedAt: instant(row, 'processed_at'),
  }),
};

/** The columns an insert writes; the database assigns id, and attempts starts at 0. */
export const OUTBOX_INSERT: TableSpec<NewOutboxMessage> = {
  name: 'outbox',
  keys: [],
  columns: [
    ['event_id', 'text'],
    ['routing_key', 'text'],
    ['payload', 'text'],
    ['created_at', 'instant'],
  ],
  toRow: (r) => [r.eventId, r.routingKey, r.payload, r.createdAt],
  fromRow: (row) => ({ eventId: text(row, 'event_id'), routingKey: text(row, 'routing_key'), payload: text(row, 'payload'), createdAt: instant(row, 'created_at') }),
};

export const OUTBOX: TableSpec<OutboxMessage> = {
  name: 'outbox',
  keys: ['id'],
  columns: [['id', 'bigint'], ...OUTBOX_INSERT.columns, ['sent_at', 'instant'], ['attempts', 'int']],
  toRow: () => {
    throw new Error('outbox rows are inserted through OUTBOX_INSERT');
  },
  fromRow: (row) =>
    omitUndefined({
      id: text(row, 'id'),
      ...OUTBOX_INSERT.fromRow(row),
      sentAt: optInstant(row, 'sent_at'),
      attempts: Number(row.attempts ?? 0),
    }),
};

export const RESYNC_REQUEST: TableSpec<ResyncRequestRecord> = {
  name: 'resync_request',
  keys: ['resync_id'],
  columns: [
    ['resync_id', 'text'],
    ['source_system', 'text'],
    ['aggregate_type', 'text'],
    ['aggregate_id', 'text'],
    ['origin', 'text'],
    ['reason', 'text'],
    ['requested_at', 'instant'],
  ],
  toRow: (r) => [r.resyncId, r.sourceSystem, r.aggregateType, r.aggregateId, r.origin, r.reason, r.requestedAt],
  fromRow: (row) =>
    omitUndefined({
      resyncId: text(row, 'resync_id'),
      sourceSystem: text(row, 'source_system') as SourceSystem,
      aggregateType: text(row, 'aggregate_type') as AggregateType,
      aggregateId: text(row, 'aggregate_id'),
      origin: text(row, 'origin') as ResyncRequestRecord['origin'],
      reason: optText(row, 'reason'),
      requestedAt: instant(row, 'requested_at'),
    }),
};
