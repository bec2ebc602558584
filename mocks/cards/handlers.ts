/**
 * The Cards contract's operations on the mock state: decoded request → state call →
 * response value. Every response shows a card by its id and masked PAN only.
 */
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { ContractFault, type ServiceHandlers } from '../server/types.js';
import { timestamp } from '../shared/calendar.js';
import { moneyValue } from '../shared/money.js';
import { pageInfo } from '../shared/paging.js';
import { boolean, date, list, object, oneOf, optionalBoolean, optionalDelivery, optionalObject, optionalOneOf, optionalText, pageSize, text } from './decode.js';
import type { LimitView } from './limits.js';
import type { AuthorisationRecord, Delivery } from './model.js';
import {
  AUTHORISATION_STATUSES,
  BLOCK_REASONS,
  CARD_FORMS,
  CARD_SCHEMES,
  CARD_TYPES,
  LIMIT_PERIODS,
  LIMIT_TYPES,
  LOSS_TYPES,
  PIN_CHANNELS,
  REISSUE_REASONS,
} from './model.js';
import type { CardDetailView, CardSummaryView, CardsState } from './state.js';

export function summaryValue(card: CardSummaryView): EncodableObject {
  return {
    cardId: card.cardId,
    maskedPan: card.maskedPan,
    clientId: card.clientId,
    accountId: card.accountId,
    scheme: card.scheme,
    cardType: card.cardType,
    cardForm: card.cardForm,
    productName: card.productName,
    cardholderName: card.cardholderName,
    expiry: card.expiry,
    status: card.status,
    ...(card.blockReason ? { blockReason: card.blockReason } : {}),
    ...(card.statusReason ? { statusReason: card.statusReason } : {}),
    statusChangedAt: timestamp(card.statusChangedAt),
  };
}

function limitValue(limit: LimitView): EncodableObject {
  return {
    limitType: limit.limitType,
    period: limit.period,
    amount: moneyValue(limit.amount, limit.currency),
    productMaximum: moneyValue(limit.productMaximum, limit.currency),
    ...(limit.used === undefined ? {} : { used: moneyValue(limit.used, limit.currency) }),
  };
}

function cardValue(card: CardDetailView): EncodableObject {
  return {
    ...summaryValue(card),
    ...(card.issuedOn ? { issuedOn: card.issuedOn } : {}),
    ...(card.replacesCardId ? { replacesCardId: card.replacesCardId } : {}),
    ...(card.replacedByCardId ? { replacedByCardId: card.replacedByCardId } : {}),
    limit: card.limits.map(limitValue),
    ...(card.credit
      ? {
          creditLine: moneyValue(card.credit.creditLine, card.credit.currency),
          availableCredit: moneyValue(card.credit.availableCredit, card.credit.currency),
          creditAsOf: timestamp(card.credit.asOf),
        }
      : {}),
  };
}

export function deliveryValue(delivery: Delivery): EncodableObject {
  if ('branchId' in delivery) return { branchId: delivery.branchId };
  const { line, city, postalCode, country } = delivery.address;
  return { address: { line: [...line], city, ...(postalCode === undefined ? {} : { postalCode }), country } };
}

/** An authorisation as GetCardTransactions shows it (also what the fixtures answer). */
export function transactionValue(item: AuthorisationRecord): EncodableObject {
  return {
    authorisationId: item.authorisationId,
    cardId: item.cardId,
    accountId: item.accountId,
    status: item.status,
    transactionType: item.transactionType,
    creditDebitIndicator: item.direction,
    amount: moneyValue(item.amount, item.currency),
    originalAmount: moneyValue(item.originalAmount, item.originalCurrency),
    merchant: {
      name: item.merchant.name,
      ...(item.merchant.city ? { city: item.merchant.city } : {}),
      ...(item.merchant.country ? { country: item.merchant.country } : {}),
      categoryCode: item.merchant.categoryCode,
    },
    authorisedAt: timestamp(item.authorisedAt),
    ...(item.status === 'AUTHORISED' && item.holdExpiryDate ? { holdExpiryDate: item.holdExpiryDate } : {}),
    ...(item.status === 'SETTLED' && item.settlementDate ? { settlementDate: item.settlementDate } : {}),
    ...(item.status === 'SETTLED' && item.entryReference ? { entryReference: item.entryReference } : {}),
  };
}

function proofOf(request: PlainObject): { readonly activationCode: string } | { readonly panLastFour: string } {
  const activationCode = optionalText(request, 'activationCode');
  const panLastFour = optionalText(request, 'panLastFour');
  if ((activationCode === undefined) === (panLastFour === undefined)) {
    throw new ContractFault('SCHEMA_VIOLATION', 'exactly one of activationCode and panLastFour is required', { field: 'activationCode' });
  }
  return activationCode === undefined ? { panLastFour: panLastFour! } : { activationCode };
}

export function createCardsHandlers(state: CardsState): ServiceHandlers {
  return {
    GetClientCards: (request) => {
      const accountId = optionalText(request, 'accountId');
      const cards = state.listClientCards(text(request, 'clientId'), {
        ...(accountId === undefined ? {} : { accountId }),
        includeFinal: optionalBoolean(request, 'includeFinal') ?? false,
      });
      return { card: cards.map(summaryValue) };
    },

    GetCard: (request) => ({ card: cardValue(state.getCard(text(request, 'clientId'), text(request, 'cardId'))) }),

    OrderCard: (request) => {
      const schemePreference = optionalOneOf(CARD_SCHEMES, optionalText(request, 'schemePreference'), 'schemePreference');
      const productCode = optionalText(request, 'productCode');
      const cardholderName = optionalText(request, 'cardholderName');
      const delivery = optionalDelivery(request, 'delivery');
      const result = state.orderCard(text(request, 'idempotencyKey'), {
        clientId: text(request, 'clientId'),
        accountId: text(request, 'accountId'),
        cardType: oneOf(CARD_TYPES, optionalText(request, 'cardType'), 'cardType'),
        cardForm: oneOf(CARD_FORMS, optionalText(request, 'cardForm'), 'cardForm'),
        ...(schemePreference ? { schemePreference } : {}),
        ...(productCode === undefined ? {} : { productCode }),
        ...(cardholderName === undefined ? {} : { cardholderName }),
        ...(delivery ? { delivery } : {}),
      });
      return {
        orderId: result.orderId,
        status: result.status,
        ...(result.cardId ? { cardId: result.cardId } : {}),
        ...(result.estimatedDeliveryDate ? { estimatedDeliveryDate: result.estimatedDeliveryDate } : {}),
      };
    },

    GetCardOrderStatus: (request) => {
      const order = state.getOrder(text(request, 'clientId'), text(request, 'orderId'));
      return {
        orderId: order.orderId,
        status: order.status,
        statusChangedAt: timestamp(order.statusChangedAt),
        ...(order.statusReason ? { statusReason: order.statusReason } : {}),
        ...(order.cardId && order.maskedPan ? { cardId: order.cardId, maskedPan: order.maskedPan } : {}),
        ...(order.delivery ? { delivery: deliveryValue(order.delivery) } : {}),
        ...(order.trackingReference ? { trackingReference: order.trackingReference } : {}),
        ...(order.estimatedDeliveryDate ? { estimatedDeliveryDate: order.estimatedDeliveryDate } : {}),
      };
    },

    ActivateCard: (request) => {
      const result = state.activateCard(text(request, 'clientId'), text(request, 'cardId'), proofOf(request));
      return { cardId: result.cardId, status: result.status, statusChangedAt: timestamp(result.statusChangedAt) };
    },

    BlockCard: (request) => {
      const result = state.blockCard(
        text(request, 'clientId'),
        text(request, 'cardId'),
        oneOf(BLOCK_REASONS, optionalText(request, 'reason'), 'reason'),
        optionalText(request, 'reasonText'),
      );
      return { cardId: result.cardId, status: result.status, blockReason: result.blockReason, statusChangedAt: timestamp(result.statusChangedAt) };
    },

    UnblockCard: (request) => {
      const result = state.unblockCard(text(request, 'clientId'), text(request, 'cardId'), optionalText(request, 'reasonText'));
      return { cardId: result.cardId, status: result.status, statusChangedAt: timestamp(result.statusChangedAt) };
    },

    ReportCardLostStolen: (request) => {
      const delivery = optionalDelivery(request, 'delivery');
      const description = optionalText(request, 'description');
      const result = state.reportLostStolen(text(request, 'idempotencyKey'), {
        clientId: text(request, 'clientId'),
        cardId: text(request, 'cardId'),
        lossType: oneOf(LOSS_TYPES, optionalText(request, 'lossType'), 'lossType'),
        lossDate: date(request, 'lossDate'),
        reissue: boolean(request, 'reissue'),
        ...(delivery ? { delivery } : {}),
        ...(description === undefined ? {} : { description }),
      });
      return {
        cardId: result.cardId,
        status: result.status,
        statusChangedAt: timestamp(result.statusChangedAt),
        ...(result.newCardId && result.orderId ? { newCardId: result.newCardId, orderId: result.orderId } : {}),
        ...(result.reissueRefused ? { reissueRefused: result.reissueRefused } : {}),
      };
    },

    SetCardLimits: (request) => {
      const settings = list(request, 'limit').map((item, index) => {
        const path = `limit[${index + 1}]`;
        if (typeof item !== 'object' || Array.isArray(item)) throw new ContractFault('SCHEMA_VIOLATION', `${path}: expected a structure`, { field: path });
        const amount = object(item, 'amount', `${path}/amount`);
        return {
          limitType: oneOf(LIMIT_TYPES, optionalText(item, 'limitType'), `${path}/limitType`),
          period: oneOf(LIMIT_PERIODS, optionalText(item, 'period'), `${path}/period`),
          amount: text(amount, 'amount', `${path}/amount/amount`),
          currency: text(amount, 'currency', `${path}/amount/currency`),
        };
      });
      if (settings.length === 0) throw new ContractFault('SCHEMA_VIOLATION', 'at least one limit is required', { field: 'limit' });
      const cardId = text(request, 'cardId');
      const limits = state.setCardLimits(text(request, 'clientId'), cardId, settings);
      return { cardId, cardLimit: limits.map(limitValue) };
    },

    ResetPin: (request) => {
      const result = state.resetPin(text(request, 'idempotencyKey'), {
        clientId: text(request, 'clientId'),
        cardId: text(request, 'cardId'),
        channel: oneOf(PIN_CHANNELS, optionalText(request, 'channel'), 'channel'),
      });
      return {
        cardId: result.cardId,
        pinResetId: result.pinResetId,
        channel: result.channel,
        ...(result.expiresAt ? { expiresAt: timestamp(result.expiresAt) } : {}),
        ...(result.estimatedDeliveryDate ? { estimatedDeliveryDate: result.estimatedDeliveryDate } : {}),
      };
    },

    ReissueCard: (request) => {
      const cardholderName = optionalText(request, 'cardholderName');
      const delivery = optionalDelivery(request, 'delivery');
      const result = state.reissueCard(text(request, 'idempotencyKey'), {
        clientId: text(request, 'clientId'),
        cardId: text(request, 'cardId'),
        reason: oneOf(REISSUE_REASONS, optionalText(request, 'reason'), 'reason'),
        ...(cardholderName === undefined ? {} : { cardholderName }),
        ...(delivery ? { delivery } : {}),
      });
      return { cardId: result.cardId, status: result.status, newCardId: result.newCardId, orderId: result.orderId, orderStatus: result.orderStatus };
    },

    GetCardTransactions: (request) => {
      const period = object(request, 'period');
      const page = optionalObject(request, 'page');
      const cursor = page ? optionalText(page, 'cursor', 'page/cursor') : undefined;
      const statuses = list(request, 'status').map((item, index) =>
        oneOf(AUTHORISATION_STATUSES, typeof item === 'string' ? item : undefined, `status[${index + 1}]`),
      );
      const result = state.listTransactions(text(request, 'clientId'), text(request, 'cardId'), {
        from: date(period, 'from', 'period/from'),
        to: date(period, 'to', 'period/to'),
        statuses,
        ...(cursor === undefined ? {} : { cursor }),
        limit: pageSize(page ? optionalText(page, 'limit', 'page/limit') : undefined),
      });
      return { transaction: result.items.map(transactionValue), page: pageInfo(result) };
    },
  };
}

