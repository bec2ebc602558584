/**
 * QA fixtures of the core banking mock: each takes one JSON object (from the admin API),
 * changes the state through the same code paths as the operations, and so publishes the
 * resulting events. Bad input is refused with a ContractFault.
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import { parseRequestTimestamp, parseRequestDate } from './dates.js';
import { fault } from './faults.js';
import type { TransactionKind } from './ledger.js';
import { transferView } from './payment-views.js';
import type { CoreBankingState } from './state.js';
import { accountView, holdView, transactionView } from './views.js';

const KINDS: readonly TransactionKind[] = ['TRANSFER', 'CARD_PAYMENT', 'FEE', 'INTEREST', 'LOAN_REPAYMENT', 'DEPOSIT', 'FX', 'OTHER'];

function field(input: unknown, name: string, required: true): string;
function field(input: unknown, name: string, required: false): string | undefined;
function field(input: unknown, name: string, required: boolean): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
  if (value === undefined || value === null) {
    if (required) throw fault('SCHEMA_VIOLATION', `${name} is required`, name);
    return undefined;
  }
  if (typeof value !== 'string') throw fault('SCHEMA_VIOLATION', `${name} must be a string`, name);
  return value;
}

/** A type alias, not an interface, so that it fits the admin API's Record of fixtures. */
export type CoreBankingFixtures = {
  /** Books an entry against clearing: { accountId, amount, currency, direction: CRDT|DBIT, kind?, counterpartyName?, remittanceInformation? }. */
  readonly postTransaction: (input: unknown) => EncodableObject;
  /** { accountId, status: OPEN|BLOCKED|CLOSED }; closing cancels the account's standing orders. */
  readonly setAccountStatus: (input: unknown) => EncodableObject;
  /** Runs every job due at { now? } (a timestamp; the clock's now when absent). */
  readonly runJobs: (input: unknown) => EncodableObject;
  /** Executes standing orders due by { date }. */
  readonly runStandingOrders: (input: unknown) => EncodableObject;
  /** Pays deposit interest due by { date }, matures deposits, accrues interest through it. */
  readonly accrueInterest: (input: unknown) => EncodableObject;
  /** Expires holds whose expiresAt is before { now? }. */
  readonly expireHolds: (input: unknown) => EncodableObject;
  /** Executes due transfers and settles external ones at { now? }. */
  readonly executeTransfers: (input: unknown) => EncodableObject;
  /** The creditor's bank returns an ACCEPTED external transfer: { transferId, externalReasonCode (AC01, AC04, AC06, AM04, …) }. */
  readonly returnTransfer: (input: unknown) => EncodableObject;
};

export function createCoreBankingFixtures(state: CoreBankingState): CoreBankingFixtures {
  const now = (input: unknown): Date => {
    const value = field(input, 'now', false);
    return value === undefined ? state.core.now() : parseRequestTimestamp(value, 'now');
  };
  const date = (input: unknown): string => parseRequestDate(field(input, 'date', true), 'date');

  return {
    postTransaction: (input) => {
      const kind = field(input, 'kind', false);
      if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) throw fault('SCHEMA_VIOLATION', `kind must be one of ${KINDS.join(', ')}`, 'kind');
      const counterpartyName = field(input, 'counterpartyName', false);
      const remittanceInformation = field(input, 'remittanceInformation', false);
      const entry = state.postTransaction({
        accountId: field(input, 'accountId', true),
        amount: field(input, 'amount', true),
        currency: field(input, 'currency', true),
        direction: field(input, 'direction', true) as 'CRDT' | 'DBIT',
        ...(kind !== undefined ? { kind: kind as TransactionKind } : {}),
        ...(counterpartyName !== undefined ? { counterpartyName } : {}),
        ...(remittanceInformation !== undefined ? { remittanceInformation } : {}),
      });
      return transactionView(entry);
    },
    setAccountStatus: (input) => {
      const status = field(input, 'status', true);
      if (status !== 'OPEN' && status !== 'BLOCKED' && status !== 'CLOSED') throw fault('SCHEMA_VIOLATION', 'status must be OPEN, BLOCKED or CLOSED', 'status');
      const account = state.setAccountStatus(field(input, 'accountId', true), status);
      return accountView(account, state.core.balances(account.accountId));
    },
    runJobs: (input) => {
      state.runDueJobs(now(input));
      return {};
    },
    runStandingOrders: (input) => {
      state.runStandingOrders(date(input));
      return {};
    },
    accrueInterest: (input) => {
      state.accrueInterest(date(input));
      return {};
    },
    expireHolds: (input) => ({ expired: state.expireHolds(now(input)).map(holdView) }),
    executeTransfers: (input) => {
      state.executeTransfers(now(input));
      return {};
    },
    returnTransfer: (input) => {
      const transfer = state.transfers.requireFor(field(input, 'transferId', true), undefined);
      const reason = field(input, 'externalReasonCode', true);
      if (!/^[A-Z0-9]{4}$/.test(reason)) throw fault('SCHEMA_VIOLATION', 'externalReasonCode must be four upper-case letters or digits', 'externalReasonCode');
      return transferView(state.transfers.returnByCreditorBank(transfer, reason));
    },
  };
}
