/**
 * The changes the card system pushes to the hub's CacheControl service: CardStatusChanged
 * on the CARD aggregate for every status change (including a card coming into being), and
 * TransactionPosted of kind CARD_PAYMENT on the card's ACCOUNT aggregate for an
 * authorisation hold (PENDING) and its settlement (BOOKED, same entryReference).
 */
import type { EncodableObject } from '../../common/soap/codec.js';
import type { ChangeNotice } from '../push/types.js';
import { dateOf } from '../shared/calendar.js';
import { moneyValue } from '../shared/money.js';
import type { AuthorisationRecord, CardRecord } from './model.js';

/** cmn:ShortText is at most 140 characters. */
export function shortText(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}

export function cardStatusNotice(card: CardRecord, maskedPan: string, reason: string | undefined, at: Date): ChangeNotice {
  return {
    aggregateType: 'CARD',
    aggregateId: card.cardId,
    occurredAt: at,
    payload: {
      cardStatusChanged: {
        cardId: card.cardId,
        clientId: card.clientId,
        maskedPan,
        status: card.status,
        ...(reason ? { reason: shortText(reason) } : {}),
      },
    },
  };
}

/** The account entry of an authorisation: PENDING while it is a hold, BOOKED once settled. */
export function accountEntry(item: AuthorisationRecord, entryStatus: 'PENDING' | 'BOOKED'): EncodableObject {
  const valueDate = entryStatus === 'BOOKED' && item.settlementDate ? item.settlementDate : dateOf(item.authorisedAt);
  return {
    entryReference: item.entryReference ?? item.authorisationId,
    accountId: item.accountId,
    status: entryStatus,
    kind: 'CARD_PAYMENT',
    amount: moneyValue(item.amount, item.currency),
    creditDebitIndicator: item.direction,
    ...(item.originalCurrency === item.currency
      ? {}
      : { originalAmount: moneyValue(item.originalAmount, item.originalCurrency) }),
    ...(entryStatus === 'BOOKED' && item.settlementDate ? { bookingDate: item.settlementDate } : {}),
    valueDate,
    counterparty: { name: item.merchant.name },
    merchantCategoryCode: item.merchant.categoryCode,
    cardId: item.cardId,
  };
}

export function transactionNotice(item: AuthorisationRecord, clientId: string, entryStatus: 'PENDING' | 'BOOKED', at: Date): ChangeNotice {
  return {
    aggregateType: 'ACCOUNT',
    aggregateId: item.accountId,
    occurredAt: at,
    payload: { transactionPosted: { clientId, transaction: accountEntry(item, entryStatus) } },
  };
}
