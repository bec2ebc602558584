/**
 * Card authorisations and what becomes of them: AUTHORISED (a hold, pushed as a PENDING
 * CARD_PAYMENT entry on the card's account) → SETTLED (pushed as BOOKED with the same
 * entryReference, which is the authorisation id), or → REVERSED / EXPIRED (the hold is
 * released; nothing is pushed, because CacheControl gives the card system no event for
 * a released hold: core banking reports the balance). A hold is kept HOLD_DAYS days
 * after the day of authorisation, then expires.
 */
import { createHash } from 'node:crypto';
import { currencyExponent, parseAmount } from '../../common/money.js';
import type { EventSink } from '../push/types.js';
import type { SeedEntry } from '../seed/dataset.js';
import { ContractFault } from '../server/types.js';
import { addDays, dateOf, isCalendarDate, monthOf } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import { moneyOrFault } from '../shared/money.js';
import { decodeCursor, pageAfter, type Page } from '../shared/paging.js';
import { shortText, transactionNotice } from './events.js';
import { convertMinor } from './fx.js';
import type { LimitBreach, PaymentChannel, UsageOf } from './limits.js';
import { firstBreach, isCashMcc, limitTypesFor } from './limits.js';
import type { AuthorisationRecord, AuthorisationStatus, CardRecord, LimitType } from './model.js';
import type { CardRegistry } from './registry.js';
import { transactionCursor, type TransactionPosition } from './transaction-cursor.js';

export const HOLD_DAYS = 7;

export interface AuthoriseRequest {
  readonly cardId: string;
  /** Decimal string in `currency`, the merchant's currency. */
  readonly amount: string;
  readonly currency: string;
  readonly merchantName: string;
  readonly city?: string;
  readonly country?: string;
  readonly mcc: string;
  /** Card present with chip (CHIP, the default), CONTACTLESS, or card-not-present ONLINE: decides which limits count. */
  readonly channel?: PaymentChannel;
}

export type DeclineReason = 'CARD_NOT_ACTIVE' | 'CARD_EXPIRED' | 'LIMIT_EXCEEDED' | 'INSUFFICIENT_FUNDS' | 'UNSUPPORTED_CURRENCY';

export type AuthoriseOutcome =
  | { readonly approved: true; readonly authorisation: AuthorisationRecord }
  | { readonly approved: false; readonly declineReason: DeclineReason; readonly message: string; readonly breach?: LimitBreach };

export interface TransactionQuery {
  readonly from: string;
  readonly to: string;
  /** Empty for all statuses. */
  readonly statuses: readonly AuthorisationStatus[];
  readonly cursor?: string;
  readonly limit: number;
}

export type TransactionPage = Page<AuthorisationRecord>;

export class AuthorisationLedger {
  private readonly items = new Map<string, AuthorisationRecord>();
  /** The same items per card, and the open holds: every call reads these, so none scans the whole ledger. */
  private readonly byCard = new Map<string, AuthorisationRecord[]>();
  private readonly openHolds = new Set<AuthorisationRecord>();
  private arrivals = 0;

  constructor(
    private readonly registry: CardRegistry,
    private readonly sink: EventSink,
  ) {}

  /** Seeded card payments become SETTLED items; the entry reference is also their authorisation id. */
  seedHistory(entries: readonly SeedEntry[]): void {
    for (const entry of entries) {
      if (entry.kind !== 'CARD_PAYMENT' || !entry.cardId) continue;
      const card = this.registry.findCard(entry.cardId);
      if (!card) continue;
      const authorisationId = this.items.has(entry.entryReference) ? this.registry.ids.next('mc-auth') : entry.entryReference;
      // 5999 (miscellaneous retail) when the dataset gives no usable MCC.
      const mcc = entry.merchantCategoryCode && /^[0-9]{4}$/.test(entry.merchantCategoryCode) ? entry.merchantCategoryCode : '5999';
      const currency = this.registry.currencyOf(entry.accountId);
      const cash = isCashMcc(mcc);
      const authorisedDay = entry.valueDate < entry.bookingDate ? entry.valueDate : entry.bookingDate;
      this.add({
        authorisationId,
        cardId: card.cardId,
        accountId: entry.accountId,
        status: 'SETTLED',
        transactionType: entry.direction === 'CRDT' ? 'REFUND' : cash ? 'CASH_WITHDRAWAL' : 'PURCHASE',
        direction: entry.direction,
        amount: entry.amount,
        currency,
        originalAmount: entry.amount,
        originalCurrency: currency,
        merchant: { name: shortText(entry.counterpartyName.trim() || 'CARD PAYMENT'), categoryCode: mcc },
        authorisedAt: new Date(`${authorisedDay}T12:00:00Z`),
        settlementDate: entry.bookingDate,
        entryReference: entry.entryReference,
        limitTypes: cash ? ['CASH_WITHDRAWAL'] : ['PURCHASE'],
        seeded: true,
      });
    }
  }

  find(authorisationId: string): AuthorisationRecord | undefined {
    return this.items.get(authorisationId);
  }

  /** The card's authorisations still held (AUTHORISED), in the order they arrived. */
  heldOf(cardId: string): AuthorisationRecord[] {
    return this.itemsOf(cardId).filter((item) => item.status === 'AUTHORISED');
  }

  /** What a card has used of a DAILY or MONTHLY limit at `now`: authorised and settled debits. */
  usageOf(card: CardRecord, now: Date): UsageOf {
    return (limitType: LimitType, period) => {
      const window = period === 'DAILY' ? dateOf(now) : monthOf(now);
      const inWindow = (item: AuthorisationRecord): boolean => (period === 'DAILY' ? dateOf(item.authorisedAt) : monthOf(item.authorisedAt)) === window;
      let used = 0n;
      for (const item of this.itemsOf(card.cardId)) {
        if (item.direction !== 'DBIT' || !inWindow(item)) continue;
        if ((item.status === 'AUTHORISED' || item.status === 'SETTLED') && item.limitTypes.includes(limitType)) used += item.amount;
      }
      return used;
    };
  }

  /**
   * What the account's credit cards owe plus their active holds. Seeded history counts as
   * repaid: only authorisations made in the mock's lifetime use the credit line.
   */
  creditInUse(accountId: string): bigint {
    let inUse = 0n;
    for (const card of this.registry.allCards()) {
      if (card.accountId !== accountId || card.type !== 'CREDIT') continue;
      for (const item of this.itemsOf(card.cardId)) {
        if (item.seeded || item.accountId !== accountId) continue;
        if (item.status === 'AUTHORISED' || item.status === 'SETTLED') inUse += item.direction === 'DBIT' ? item.amount : -item.amount;
      }
    }
    return inUse;
  }

  availableCredit(card: CardRecord): bigint {
    const available = card.creditLine - this.creditInUse(card.accountId);
    return available > 0n ? available : 0n;
  }

  authorise(card: CardRecord, request: AuthoriseRequest, now: Date): AuthoriseOutcome {
    const original = moneyOf(request.amount, request.currency, 'amount');
    if (card.status === 'EXPIRED') return { approved: false, declineReason: 'CARD_EXPIRED', message: `card ${card.cardId} expired after ${card.expiry}` };
    if (card.status !== 'ACTIVE') return { approved: false, declineReason: 'CARD_NOT_ACTIVE', message: `card ${card.cardId} is ${card.status}` };
    const amount = convertMinor(original, request.currency, card.currency);
    if (amount === undefined) return { approved: false, declineReason: 'UNSUPPORTED_CURRENCY', message: `no conversion from ${request.currency} to ${card.currency}` };
    const limitTypes = limitTypesFor(request.mcc, request.channel ?? 'CHIP');
    const breach = firstBreach(card, limitTypes, amount, this.usageOf(card, now));
    if (breach) return { approved: false, declineReason: 'LIMIT_EXCEEDED', message: `the ${breach.limitType} ${breach.period} limit would be exceeded`, breach };
    if (card.type === 'CREDIT' && amount > this.availableCredit(card)) {
      return { approved: false, declineReason: 'INSUFFICIENT_FUNDS', message: `the available credit of card ${card.cardId} is too low` };
    }
    const authorisation = this.add({
      authorisationId: this.registry.ids.next('mc-auth'),
      cardId: card.cardId,
      accountId: card.accountId,
      status: 'AUTHORISED',
      transactionType: isCashMcc(request.mcc) ? 'CASH_WITHDRAWAL' : 'PURCHASE',
      direction: 'DBIT',
      amount,
      currency: card.currency,
      originalAmount: original,
      originalCurrency: request.currency,
      merchant: {
        name: request.merchantName,
        ...(request.city ? { city: request.city } : {}),
        ...(request.country ? { country: request.country } : {}),
        categoryCode: request.mcc,
      },
      authorisedAt: now,
      holdExpiryDate: addDays(dateOf(now), HOLD_DAYS),
      limitTypes,
      seeded: false,
    });
    this.sink.publish(transactionNotice(authorisation, card.clientId, 'PENDING', now));
    return { approved: true, authorisation };
  }

  /**
   * The acquirer's clearing: AUTHORISED → SETTLED, booked on `settlementDate` for `amount`
   * (default: the held amount, in the account's currency). A clearing after the hold
   * EXPIRED is a new item, SETTLED from the start.
   */
  settle(authorisationId: string, settlementDate: string, amount: string | undefined, now: Date): AuthorisationRecord {
    const item = this.existing(authorisationId);
    if (!isCalendarDate(settlementDate)) throw new ContractFault('SCHEMA_VIOLATION', `settlement date ${settlementDate} is not a date`, { field: 'date' });
    if (item.status !== 'AUTHORISED' && item.status !== 'EXPIRED') {
      throw new ContractFault('INVALID_STATE', `authorisation ${authorisationId} is ${item.status}; only an AUTHORISED or EXPIRED one can settle`);
    }
    const booked = amount === undefined ? item.amount : moneyOf(amount, item.currency, 'amount');
    const originalAmount = item.originalCurrency === item.currency ? booked : item.originalAmount;
    let settled: AuthorisationRecord;
    if (item.status === 'EXPIRED') {
      const lateId = this.registry.ids.next('mc-auth');
      settled = this.add({
        authorisationId: lateId,
        cardId: item.cardId,
        accountId: item.accountId,
        status: 'SETTLED',
        transactionType: item.transactionType,
        direction: item.direction,
        amount: booked,
        currency: item.currency,
        originalAmount,
        originalCurrency: item.originalCurrency,
        merchant: item.merchant,
        authorisedAt: item.authorisedAt,
        settlementDate,
        entryReference: lateId,
        limitTypes: item.limitTypes,
        seeded: false,
      });
    } else {
      item.status = 'SETTLED';
      this.openHolds.delete(item);
      item.amount = booked;
      item.originalAmount = originalAmount;
      item.settlementDate = settlementDate;
      item.entryReference = item.authorisationId;
      settled = item;
    }
    this.sink.publish(transactionNotice(settled, this.registry.findCard(settled.cardId)!.clientId, 'BOOKED', now));
    return settled;
  }

  /** The merchant or acquirer cancels a hold: AUTHORISED → REVERSED. */
  reverse(authorisationId: string): AuthorisationRecord {
    const item = this.existing(authorisationId);
    if (item.status !== 'AUTHORISED') throw new ContractFault('INVALID_STATE', `authorisation ${authorisationId} is ${item.status}; only an AUTHORISED one can be reversed`);
    item.status = 'REVERSED';
    this.openHolds.delete(item);
    return item;
  }

  /** Holds whose last day (holdExpiryDate) is before the day of `now` become EXPIRED. */
  expireHolds(now: Date): AuthorisationRecord[] {
    const today = dateOf(now);
    const expired: AuthorisationRecord[] = [];
    for (const item of this.openHolds) {
      if (item.holdExpiryDate !== undefined && item.holdExpiryDate < today) {
        item.status = 'EXPIRED';
        this.openHolds.delete(item);
        expired.push(item);
      }
    }
    return expired;
  }

  /** One page of a card's items in a period, newest authorisedAt first, ties by authorisationId. */
  list(cardId: string, query: TransactionQuery): TransactionPage {
    const statuses = [...new Set(query.statuses)].sort();
    const filter = createHash('sha256').update(JSON.stringify([cardId, query.from, query.to, statuses])).digest('base64url').slice(0, 16);
    const cursor = transactionCursor(filter);
    const position = query.cursor === undefined ? undefined : decodeCursor(cursor, query.cursor);
    const watermark = position?.watermark ?? this.arrivals;
    const matching = this.itemsOf(cardId)
      .filter((item) => item.arrival <= watermark)
      .filter((item) => dateOf(item.authorisedAt) >= query.from && dateOf(item.authorisedAt) <= query.to)
      .filter((item) => statuses.length === 0 || statuses.includes(item.status))
      .sort(newestFirst);
    return pageAfter(matching, query.limit, position, {
      cursor,
      positionOf: (item): TransactionPosition => ({ watermark, lastAuthorisedAt: item.authorisedAt.getTime(), lastId: item.authorisationId }),
      isAfter,
    });
  }

  private existing(authorisationId: string): AuthorisationRecord {
    const item = this.items.get(authorisationId);
    if (!item) throw new ContractFault('HOLD_NOT_FOUND', `no authorisation ${authorisationId}`, { field: 'authorisationId' });
    return item;
  }

  private add(item: Omit<AuthorisationRecord, 'arrival'>): AuthorisationRecord {
    this.arrivals += 1;
    const record: AuthorisationRecord = { ...item, arrival: this.arrivals };
    this.items.set(record.authorisationId, record);
    const ofCard = this.byCard.get(record.cardId);
    if (ofCard) ofCard.push(record);
    else this.byCard.set(record.cardId, [record]);
    if (record.status === 'AUTHORISED') this.openHolds.add(record);
    return record;
  }

  private itemsOf(cardId: string): readonly AuthorisationRecord[] {
    return this.byCard.get(cardId) ?? [];
  }
}

function newestFirst(a: AuthorisationRecord, b: AuthorisationRecord): number {
  return b.authorisedAt.getTime() - a.authorisedAt.getTime() || compareText(a.authorisationId, b.authorisationId);
}

/** Whether an item comes after the position (authorisedAt, authorisationId) in newestFirst order. */
function isAfter(item: AuthorisationRecord, { lastAuthorisedAt, lastId }: TransactionPosition): boolean {
  const time = item.authorisedAt.getTime();
  return time < lastAuthorisedAt || (time === lastAuthorisedAt && item.authorisationId > lastId);
}

function moneyOf(amount: string, currency: string, field: string): bigint {
  const minor = moneyOrFault(field, () => {
    currencyExponent(currency);
    return parseAmount(amount, currency).minor;
  });
  if (minor <= 0n) throw new ContractFault('INVALID_MONEY', `amount must be positive, got ${amount}`, { field });
  return minor;
}
