/**
 * The request of every CoreBanking operation, built from the hub's types as the content
 * of the request wrapper that node-soap serialises: child elements in the XSD's order,
 * absent optional elements left out, money as decimal strings. Pure: no I/O, no clock.
 * Bad input throws a CoreBankingRequestError before anything is sent.
 */
import type {
  AccountReference,
  AccountRequest,
  CancelStandingOrderRequest,
  CancelTransferRequest,
  Channel,
  ClientProductsRequest,
  CloseDepositInstruction,
  Creditor,
  DateRange,
  DepositRequest,
  GetConversionQuoteRequest,
  GetFxRatesRequest,
  GetStatementRequest,
  GetTransactionRequest,
  GetTransactionsRequest,
  ListStandingOrdersRequest,
  LoanRequest,
  OpenDepositInstruction,
  PageRequest,
  PlaceHoldInstruction,
  ReleaseHoldRequest,
  RepayLoanInstruction,
  StandingOrderInstruction,
  TransferInstruction,
  TransferRequest,
} from './types.js';
import { CHANNELS, FIXED_SIDES, MAX_TERM_MONTHS, REPAYMENT_TYPES, STANDING_ORDER_FREQUENCIES, TRANSACTION_STATUS_FILTERS } from './types.js';
import { CoreBankingRequestError } from './errors.js';
import {
  bic,
  bool,
  currency,
  date,
  elements,
  iban,
  idempotencyKey,
  identifier,
  integer,
  money,
  oneOf,
  optional,
  shortText,
  structure,
  timestamp,
  type RequestObject,
} from './write.js';

const clientId = (value: string | undefined, field = 'clientId'): string | undefined => optional(value, (id) => identifier(id, field));
const channel = (value: Channel, field = 'channel'): string => oneOf(value, CHANNELS, field);
const key = (value: string): string => idempotencyKey(value, 'idempotencyKey');

function period(value: DateRange, field: string): RequestObject {
  structure(value, field);
  return { from: date(value.from, `${field}/from`), to: date(value.to, `${field}/to`) };
}

function page(value: PageRequest, field: string): RequestObject {
  structure(value, field);
  return elements([
    [
      'cursor',
      optional(value.cursor, (cursor) => {
        if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 512) {
          throw new CoreBankingRequestError('INVALID_REQUEST', `${field}/cursor`, 'must be the cursor of a previous page (1 to 512 characters)');
        }
        return cursor;
      }),
    ],
    ['limit', optional(value.limit, (limit) => integer(limit, `${field}/limit`, 1, 500))],
  ]);
}

function accountReference(value: AccountReference, field: string): RequestObject {
  structure(value, field);
  const hasIban = value.iban !== undefined;
  if (hasIban === (value.accountId !== undefined)) {
    throw new CoreBankingRequestError('INVALID_REQUEST', field, 'must name the account by exactly one of iban and accountId');
  }
  return hasIban ? { iban: iban(value.iban!, `${field}/iban`) } : { accountId: identifier(value.accountId!, `${field}/accountId`) };
}

function creditor(value: Creditor, field: string): RequestObject {
  structure(value, field);
  return elements([
    ['account', accountReference(value.account, `${field}/account`)],
    ['name', shortText(value.name, `${field}/name`)],
    ['bic', optional(value.bic, (code) => bic(code, `${field}/bic`))],
  ]);
}

function transferInstruction(value: TransferInstruction, field: string): RequestObject {
  structure(value, field);
  return elements([
    ['clientId', identifier(value.clientId, `${field}/clientId`)],
    ['debtorAccountId', identifier(value.debtorAccountId, `${field}/debtorAccountId`)],
    ['creditor', creditor(value.creditor, `${field}/creditor`)],
    ['amount', money(value.amount, `${field}/amount`)],
    ['remittanceInformation', optional(value.remittanceInformation, (text) => shortText(text, `${field}/remittanceInformation`))],
    ['requestedExecutionDate', optional(value.requestedExecutionDate, (day) => date(day, `${field}/requestedExecutionDate`))],
    ['quoteId', optional(value.quoteId, (id) => identifier(id, `${field}/quoteId`))],
    ['channel', channel(value.channel, `${field}/channel`)],
  ]);
}

/** GetClientAccounts, GetClientDeposits and GetClientLoans share one request shape. */
export function clientProductsRequest(request: ClientProductsRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['clientId', identifier(request.clientId, 'clientId')],
    ['includeClosed', optional(request.includeClosed, (flag) => bool(flag, 'includeClosed'))],
  ]);
}

/** GetAccount and GetBalances share one request shape. */
export function accountRequest(request: AccountRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['accountId', identifier(request.accountId, 'accountId')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function getTransactionsRequest(request: GetTransactionsRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['accountId', identifier(request.accountId, 'accountId')],
    ['clientId', clientId(request.clientId)],
    ['period', period(request.period, 'period')],
    ['status', optional(request.status, (status) => oneOf(status, TRANSACTION_STATUS_FILTERS, 'status'))],
    ['page', optional(request.page, (value) => page(value, 'page'))],
  ]);
}

export function getTransactionRequest(request: GetTransactionRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['accountId', identifier(request.accountId, 'accountId')],
    ['entryReference', identifier(request.entryReference, 'entryReference')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function getStatementRequest(request: GetStatementRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['accountId', identifier(request.accountId, 'accountId')],
    ['clientId', clientId(request.clientId)],
    ['period', period(request.period, 'period')],
    ['page', optional(request.page, (value) => page(value, 'page'))],
  ]);
}

export function validateAccountRequest(account: AccountReference): RequestObject {
  return { account: accountReference(account, 'account') };
}

export function simulateTransferRequest(instruction: TransferInstruction): RequestObject {
  return { transfer: transferInstruction(instruction, 'transfer') };
}

export function createTransferRequest(idempotencyKey: string, instruction: TransferInstruction): RequestObject {
  return { idempotencyKey: key(idempotencyKey), transfer: transferInstruction(instruction, 'transfer') };
}

export function getTransferStatusRequest(request: TransferRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['transferId', identifier(request.transferId, 'transferId')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function cancelTransferRequest(request: CancelTransferRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['transferId', identifier(request.transferId, 'transferId')],
    ['clientId', identifier(request.clientId, 'clientId')],
    ['reason', optional(request.reason, (text) => shortText(text, 'reason'))],
    ['channel', channel(request.channel)],
  ]);
}

export function createStandingOrderRequest(idempotencyKey: string, order: StandingOrderInstruction): RequestObject {
  const keyText = key(idempotencyKey);
  structure(order, 'request');
  return elements([
    ['idempotencyKey', keyText],
    ['clientId', identifier(order.clientId, 'clientId')],
    ['debtorAccountId', identifier(order.debtorAccountId, 'debtorAccountId')],
    ['creditor', creditor(order.creditor, 'creditor')],
    ['amount', money(order.amount, 'amount')],
    ['remittanceInformation', optional(order.remittanceInformation, (text) => shortText(text, 'remittanceInformation'))],
    ['frequency', oneOf(order.frequency, STANDING_ORDER_FREQUENCIES, 'frequency')],
    ['firstExecutionDate', date(order.firstExecutionDate, 'firstExecutionDate')],
    ['lastExecutionDate', optional(order.lastExecutionDate, (day) => date(day, 'lastExecutionDate'))],
    ['channel', channel(order.channel)],
  ]);
}

export function listStandingOrdersRequest(request: ListStandingOrdersRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['clientId', identifier(request.clientId, 'clientId')],
    ['accountId', optional(request.accountId, (id) => identifier(id, 'accountId'))],
    ['includeInactive', optional(request.includeInactive, (flag) => bool(flag, 'includeInactive'))],
    ['page', optional(request.page, (value) => page(value, 'page'))],
  ]);
}

export function cancelStandingOrderRequest(request: CancelStandingOrderRequest): RequestObject {
  structure(request, 'request');
  return {
    standingOrderId: identifier(request.standingOrderId, 'standingOrderId'),
    clientId: identifier(request.clientId, 'clientId'),
    channel: channel(request.channel),
  };
}

/** GetDeposit and GetDepositSchedule share one request shape. */
export function depositRequest(request: DepositRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['depositId', identifier(request.depositId, 'depositId')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function openDepositRequest(idempotencyKey: string, deposit: OpenDepositInstruction): RequestObject {
  const keyText = key(idempotencyKey);
  structure(deposit, 'request');
  return elements([
    ['idempotencyKey', keyText],
    ['clientId', identifier(deposit.clientId, 'clientId')],
    ['productCode', identifier(deposit.productCode, 'productCode')],
    ['sourceAccountId', identifier(deposit.sourceAccountId, 'sourceAccountId')],
    ['amount', money(deposit.amount, 'amount')],
    ['termMonths', integer(deposit.termMonths, 'termMonths', 1, MAX_TERM_MONTHS)],
    ['payoutAccountId', optional(deposit.payoutAccountId, (id) => identifier(id, 'payoutAccountId'))],
    ['channel', channel(deposit.channel)],
  ]);
}

export function closeDepositRequest(idempotencyKey: string, closure: CloseDepositInstruction): RequestObject {
  const keyText = key(idempotencyKey);
  structure(closure, 'request');
  return {
    idempotencyKey: keyText,
    clientId: identifier(closure.clientId, 'clientId'),
    depositId: identifier(closure.depositId, 'depositId'),
    targetAccountId: identifier(closure.targetAccountId, 'targetAccountId'),
    channel: channel(closure.channel),
  };
}

/** GetLoan and GetLoanSchedule share one request shape. */
export function loanRequest(request: LoanRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['loanId', identifier(request.loanId, 'loanId')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function repayLoanRequest(idempotencyKey: string, repayment: RepayLoanInstruction): RequestObject {
  const keyText = key(idempotencyKey);
  structure(repayment, 'request');
  return {
    idempotencyKey: keyText,
    clientId: identifier(repayment.clientId, 'clientId'),
    loanId: identifier(repayment.loanId, 'loanId'),
    fromAccountId: identifier(repayment.fromAccountId, 'fromAccountId'),
    amount: money(repayment.amount, 'amount'),
    repaymentType: oneOf(repayment.repaymentType, REPAYMENT_TYPES, 'repaymentType'),
    channel: channel(repayment.channel),
  };
}

export function placeHoldRequest(idempotencyKey: string, hold: PlaceHoldInstruction): RequestObject {
  const keyText = key(idempotencyKey);
  structure(hold, 'request');
  return elements([
    ['idempotencyKey', keyText],
    ['accountId', identifier(hold.accountId, 'accountId')],
    ['clientId', clientId(hold.clientId)],
    ['amount', money(hold.amount, 'amount')],
    ['reason', shortText(hold.reason, 'reason')],
    ['expiresAt', timestamp(hold.expiresAt, 'expiresAt')],
  ]);
}

export function releaseHoldRequest(request: ReleaseHoldRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['accountId', identifier(request.accountId, 'accountId')],
    ['holdId', identifier(request.holdId, 'holdId')],
    ['clientId', clientId(request.clientId)],
  ]);
}

export function getFxRatesRequest(request: GetFxRatesRequest = {}): RequestObject {
  structure(request, 'request');
  return elements([
    ['baseCurrency', optional(request.baseCurrency, (code) => currency(code, 'baseCurrency'))],
    ['quoteCurrency', optional(request.quoteCurrency, (code) => currency(code, 'quoteCurrency'))],
  ]);
}

export function getConversionQuoteRequest(request: GetConversionQuoteRequest): RequestObject {
  structure(request, 'request');
  return elements([
    ['sellCurrency', currency(request.sellCurrency, 'sellCurrency')],
    ['buyCurrency', currency(request.buyCurrency, 'buyCurrency')],
    ['fixedSide', oneOf(request.fixedSide, FIXED_SIDES, 'fixedSide')],
    ['amount', money(request.amount, 'amount')],
    ['clientId', clientId(request.clientId)],
  ]);
}
