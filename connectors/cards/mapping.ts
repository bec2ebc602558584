/**
 * Pure functions between the Cards contract's SOAP messages (as node-soap takes and gives
 * them) and the hub's domain: one request builder and one response reader per operation,
 * and the card record of the hub's store for the read-through. No I/O and no clock: the
 * record takes the instant the answer was received.
 */
import type { CardRecord } from '../../hub/store/types.js';
import { ResponseReader, UnexpectedResponseError, withOptional } from '../shared/message-reader.js';
import {
  addressElement,
  boundedList,
  chosen,
  dateRangeElement,
  dateText,
  element,
  InvalidRequestError,
  moneyElement,
  pageElement,
  type RequestObject,
} from '../shared/message-writer.js';
import {
  AUTHORISATION_STATUSES,
  BLOCK_REASONS,
  CARD_FORMS,
  CARD_ORDER_STATUSES,
  CARD_SCHEMES,
  CARD_STATUSES,
  CARD_TRANSACTION_TYPES,
  CARD_TYPES,
  CREDIT_DEBIT_INDICATORS,
  LIMIT_PERIODS,
  LIMIT_TYPES,
  PIN_DELIVERY_CHANNELS,
  type ActivateCardRequest,
  type BlockCardRequest,
  type BlockCardResult,
  type Card,
  type CardLimit,
  type CardLimits,
  type CardOrder,
  type CardStatusResult,
  type CardSummary,
  type CardTransaction,
  type CardTransactionPage,
  type Delivery,
  type GetCardOrderStatusRequest,
  type GetCardRequest,
  type GetCardTransactionsRequest,
  type GetClientCardsRequest,
  type LostStolenReport,
  type OrderCardRequest,
  type OrderCardResult,
  type PinReset,
  type ReissueCardRequest,
  type ReissueResult,
  type ReportCardLostStolenRequest,
  type ResetPinRequest,
  type SetCardLimitsRequest,
  type UnblockCardRequest,
} from './types.js';

/** The operations of wsdl/cards/v1/Cards.wsdl. */
export const CARDS_OPERATIONS = [
  'GetClientCards',
  'GetCard',
  'OrderCard',
  'GetCardOrderStatus',
  'ActivateCard',
  'BlockCard',
  'UnblockCard',
  'ReportCardLostStolen',
  'SetCardLimits',
  'ResetPin',
  'ReissueCard',
  'GetCardTransactions',
] as const;
export type CardsOperation = (typeof CARDS_OPERATIONS)[number];

// ---------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------

function deliveryElement(delivery: Delivery | undefined, field: string): RequestObject | undefined {
  if (delivery === undefined) return undefined;
  const member = chosen(delivery, ['address', 'branchId'], field);
  return member === 'address' ? { address: addressElement(delivery.address!, `${field}/address`) } : { branchId: delivery.branchId };
}

function readDelivery(r: ResponseReader): Delivery {
  const address = r.optAddress('address');
  const branchId = r.optStr('branchId');
  if ((address === undefined) === (branchId === undefined)) {
    throw new UnexpectedResponseError(r.path, `${r.path} must hold exactly one of address and branchId`);
  }
  return address ? { address } : { branchId: branchId! };
}

/**
 * cmn:MaskedPan. Checked because the hub stores and shows it: an answer with anything
 * else in its place (a full card number above all) is refused before it goes further.
 */
const MASKED_PAN = /^[0-9]{6}\*{2,9}[0-9]{4}$/;
const MASKED = 'a masked PAN (six digits, asterisks, four digits)';
/** crd:ExpiryMonth. */
const EXPIRY_MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

function readSummaryFields(r: ResponseReader): CardSummary {
  const status = r.oneOf('status', CARD_STATUSES);
  const blockReason = r.optOneOf('blockReason', BLOCK_REASONS);
  if ((status === 'BLOCKED') !== (blockReason !== undefined)) {
    throw new UnexpectedResponseError(`${r.path}/blockReason`, `${r.path}/blockReason must be present exactly when status is BLOCKED`);
  }
  return withOptional(
    {
      cardId: r.str('cardId'),
      maskedPan: r.matching('maskedPan', MASKED_PAN, MASKED),
      clientId: r.str('clientId'),
      accountId: r.str('accountId'),
      scheme: r.oneOf('scheme', CARD_SCHEMES),
      cardType: r.oneOf('cardType', CARD_TYPES),
      cardForm: r.oneOf('cardForm', CARD_FORMS),
      cardholderName: r.str('cardholderName'),
      expiry: r.matching('expiry', EXPIRY_MONTH, 'a month YYYY-MM'),
      status,
    },
    { productName: r.optStr('productName'), blockReason, statusReason: r.optStr('statusReason'), statusChangedAt: r.optInstant('statusChangedAt') },
  );
}

function readLimit(r: ResponseReader): CardLimit {
  return withOptional(
    { limitType: r.oneOf('limitType', LIMIT_TYPES), period: r.oneOf('period', LIMIT_PERIODS), amount: r.money('amount') },
    { productMaximum: r.optMoney('productMaximum'), used: r.optMoney('used') },
  );
}

function readStatusResult(r: ResponseReader): CardStatusResult {
  return { cardId: r.str('cardId'), status: r.oneOf('status', CARD_STATUSES), statusChangedAt: r.instant('statusChangedAt') };
}

// ---------------------------------------------------------------------------------------
// Requests, in the order of each element's sequence
// ---------------------------------------------------------------------------------------

export function getClientCardsRequest(request: GetClientCardsRequest): RequestObject {
  return element({ clientId: request.clientId, accountId: request.accountId, includeFinal: request.includeFinal });
}

export function getCardRequest(request: GetCardRequest): RequestObject {
  return { clientId: request.clientId, cardId: request.cardId };
}

export function orderCardRequest(idempotencyKey: string, request: OrderCardRequest): RequestObject {
  return element({
    idempotencyKey,
    clientId: request.clientId,
    accountId: request.accountId,
    cardType: request.cardType,
    cardForm: request.cardForm,
    schemePreference: request.schemePreference,
    productCode: request.productCode,
    cardholderName: request.cardholderName,
    delivery: deliveryElement(request.delivery, 'delivery'),
  });
}

export function getCardOrderStatusRequest(request: GetCardOrderStatusRequest): RequestObject {
  return { clientId: request.clientId, orderId: request.orderId };
}

export function activateCardRequest(request: ActivateCardRequest): RequestObject {
  const proof = chosen(request, ['activationCode', 'panLastFour'], 'activationCode|panLastFour');
  return { clientId: request.clientId, cardId: request.cardId, [proof]: request[proof] };
}

export function blockCardRequest(request: BlockCardRequest): RequestObject {
  return element({ clientId: request.clientId, cardId: request.cardId, reason: request.reason, reasonText: request.reasonText });
}

export function unblockCardRequest(request: UnblockCardRequest): RequestObject {
  return element({ clientId: request.clientId, cardId: request.cardId, reasonText: request.reasonText });
}

export function reportCardLostStolenRequest(idempotencyKey: string, request: ReportCardLostStolenRequest): RequestObject {
  return element({
    idempotencyKey,
    clientId: request.clientId,
    cardId: request.cardId,
    lossType: request.lossType,
    lossDate: dateText(request.lossDate, 'lossDate'),
    reissue: request.reissue,
    delivery: deliveryElement(request.delivery, 'delivery'),
    description: request.description,
  });
}

export function setCardLimitsRequest(request: SetCardLimitsRequest): RequestObject {
  const limits = boundedList(request.limits, 'limit', 1, 12);
  const seen = new Set<string>();
  return {
    clientId: request.clientId,
    cardId: request.cardId,
    limit: limits.map((limit, index) => {
      const field = `limit[${index + 1}]`;
      const key = `${limit.limitType}/${limit.period}`;
      if (seen.has(key)) throw new InvalidRequestError('SCHEMA_VIOLATION', field, `${field} repeats the limit ${key}`);
      seen.add(key);
      return { limitType: limit.limitType, period: limit.period, amount: moneyElement(limit.amount, `${field}/amount`) };
    }),
  };
}

export function resetPinRequest(idempotencyKey: string, request: ResetPinRequest): RequestObject {
  return { idempotencyKey, clientId: request.clientId, cardId: request.cardId, channel: request.channel };
}

export function reissueCardRequest(idempotencyKey: string, request: ReissueCardRequest): RequestObject {
  return element({
    idempotencyKey,
    clientId: request.clientId,
    cardId: request.cardId,
    reason: request.reason,
    cardholderName: request.cardholderName,
    delivery: deliveryElement(request.delivery, 'delivery'),
  });
}

export function getCardTransactionsRequest(request: GetCardTransactionsRequest): RequestObject {
  const statuses = boundedList(request.statuses, 'status', 0, 4);
  return element({
    clientId: request.clientId,
    cardId: request.cardId,
    period: dateRangeElement(request.period, 'period'),
    status: statuses.length > 0 ? statuses : undefined,
    page: pageElement(request.page),
  });
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

export function readGetClientCardsResponse(response: unknown): CardSummary[] {
  return ResponseReader.of('GetClientCardsResponse', response).list('card').map(readSummaryFields);
}

export function readGetCardResponse(response: unknown): Card {
  const r = ResponseReader.of('GetCardResponse', response).obj('card');
  const availableCredit = r.optMoney('availableCredit');
  const creditAsOf = r.optInstant('creditAsOf');
  if ((availableCredit === undefined) !== (creditAsOf === undefined)) {
    throw new UnexpectedResponseError(`${r.path}/creditAsOf`, `${r.path}/creditAsOf must be present exactly when availableCredit is`);
  }
  return withOptional(
    { ...readSummaryFields(r), limits: r.list('limit').map(readLimit) },
    {
      issuedOn: r.optDate('issuedOn'),
      replacesCardId: r.optStr('replacesCardId'),
      replacedByCardId: r.optStr('replacedByCardId'),
      creditLine: r.optMoney('creditLine'),
      availableCredit,
      creditAsOf,
    },
  );
}

export function readOrderCardResponse(response: unknown): OrderCardResult {
  const r = ResponseReader.of('OrderCardResponse', response);
  return withOptional(
    { orderId: r.str('orderId'), status: r.oneOf('status', CARD_ORDER_STATUSES) },
    { cardId: r.optStr('cardId'), estimatedDeliveryDate: r.optDate('estimatedDeliveryDate') },
  );
}

export function readGetCardOrderStatusResponse(response: unknown): CardOrder {
  const r = ResponseReader.of('GetCardOrderStatusResponse', response);
  const delivery = r.optObj('delivery');
  return withOptional(
    { orderId: r.str('orderId'), status: r.oneOf('status', CARD_ORDER_STATUSES), statusChangedAt: r.instant('statusChangedAt') },
    {
      statusReason: r.optStr('statusReason'),
      cardId: r.optStr('cardId'),
      maskedPan: r.optMatching('maskedPan', MASKED_PAN, MASKED),
      delivery: delivery ? readDelivery(delivery) : undefined,
      trackingReference: r.optStr('trackingReference'),
      estimatedDeliveryDate: r.optDate('estimatedDeliveryDate'),
    },
  );
}

export function readActivateCardResponse(response: unknown): CardStatusResult {
  return readStatusResult(ResponseReader.of('ActivateCardResponse', response));
}

export function readBlockCardResponse(response: unknown): BlockCardResult {
  const r = ResponseReader.of('BlockCardResponse', response);
  return { ...readStatusResult(r), blockReason: r.oneOf('blockReason', BLOCK_REASONS) };
}

export function readUnblockCardResponse(response: unknown): CardStatusResult {
  return readStatusResult(ResponseReader.of('UnblockCardResponse', response));
}

export function readReportCardLostStolenResponse(response: unknown): LostStolenReport {
  const r = ResponseReader.of('ReportCardLostStolenResponse', response);
  const newCardId = r.optStr('newCardId');
  const orderId = r.optStr('orderId');
  if ((newCardId === undefined) !== (orderId === undefined)) {
    throw new UnexpectedResponseError(`${r.path}/newCardId`, `${r.path}/newCardId must be present exactly when orderId is`);
  }
  return withOptional(
    { cardId: r.str('cardId'), status: r.oneOf('status', CARD_STATUSES), statusChangedAt: r.instant('statusChangedAt') },
    { newCardId, orderId, reissueRefused: r.optStr('reissueRefused') },
  );
}

export function readSetCardLimitsResponse(response: unknown): CardLimits {
  const r = ResponseReader.of('SetCardLimitsResponse', response);
  return { cardId: r.str('cardId'), limits: r.list('cardLimit').map(readLimit) };
}

export function readResetPinResponse(response: unknown): PinReset {
  const r = ResponseReader.of('ResetPinResponse', response);
  return withOptional(
    { cardId: r.str('cardId'), pinResetId: r.str('pinResetId'), channel: r.oneOf('channel', PIN_DELIVERY_CHANNELS) },
    { expiresAt: r.optInstant('expiresAt'), estimatedDeliveryDate: r.optDate('estimatedDeliveryDate') },
  );
}

export function readReissueCardResponse(response: unknown): ReissueResult {
  const r = ResponseReader.of('ReissueCardResponse', response);
  return {
    cardId: r.str('cardId'),
    status: r.oneOf('status', CARD_STATUSES),
    newCardId: r.str('newCardId'),
    orderId: r.str('orderId'),
    orderStatus: r.oneOf('orderStatus', CARD_ORDER_STATUSES),
  };
}

function readTransaction(r: ResponseReader): CardTransaction {
  const merchant = r.obj('merchant');
  return withOptional(
    {
      authorisationId: r.str('authorisationId'),
      cardId: r.str('cardId'),
      accountId: r.str('accountId'),
      status: r.oneOf('status', AUTHORISATION_STATUSES),
      transactionType: r.oneOf('transactionType', CARD_TRANSACTION_TYPES),
      creditDebitIndicator: r.oneOf('creditDebitIndicator', CREDIT_DEBIT_INDICATORS),
      amount: r.money('amount'),
      originalAmount: r.money('originalAmount'),
      merchant: withOptional({ name: merchant.str('name'), categoryCode: merchant.str('categoryCode') }, { city: merchant.optStr('city'), country: merchant.optStr('country') }),
      authorisedAt: r.instant('authorisedAt'),
    },
    { holdExpiryDate: r.optDate('holdExpiryDate'), settlementDate: r.optDate('settlementDate'), entryReference: r.optStr('entryReference') },
  );
}

export function readGetCardTransactionsResponse(response: unknown): CardTransactionPage {
  const r = ResponseReader.of('GetCardTransactionsResponse', response);
  return { transactions: r.list('transaction').map(readTransaction), page: r.page('page') };
}

// ---------------------------------------------------------------------------------------
// The hub's card record (read-through)
// ---------------------------------------------------------------------------------------

/**
 * The card as the hub's store keeps it, without `version` (the hub sets it). Only the
 * masked PAN is kept. `reason` says what CardStatusChanged's reason says: for a block, who
 * blocked it and why ("SUSPECTED_FRAUD: card used in two countries"); otherwise the free
 * text of the current status. `asOf` is when the answer was received: the Cards contract
 * carries no instant at which its card data was read (statusChangedAt says since when the
 * status holds, which would make a card unchanged for a year look a year old).
 */
export function cardRecord(card: CardSummary, receivedAt: Date): Omit<CardRecord, 'version'> {
  const reason = card.blockReason ? (card.statusReason ? `${card.blockReason}: ${card.statusReason}` : card.blockReason) : card.statusReason;
  return withOptional({ cardId: card.cardId, clientId: card.clientId, maskedPan: card.maskedPan, status: card.status, asOf: receivedAt }, { reason });
}
