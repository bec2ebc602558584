/**
 * The mock card processing system: cards built from the Dataset, their lifecycle, card
 * orders, limits and authorisations, with every change pushed to the hub through the
 * EventSink. Plain domain calls, no SOAP (handlers.ts translates). Time-driven changes
 * (order progress, card expiry, hold expiry) are applied from the clock at the start of
 * every call, so that the state seen is always the state at `clock.now()`.
 */
import type { EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import { ContractFault, type Clock } from '../server/types.js';
import { dateOf, daysBetween } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import { IdempotencyStore } from '../shared/idempotency.js';
import type { ActivationProof, BlockResult, StatusResult } from './card-ops.js';
import { activateCard, blockCard, expireCards, overrideStatus, unblockCard } from './card-ops.js';
import type { LossReport, LossReportResult, OrderCardRequest, OrderCardResult, PinReset, PinResetRequest, ReissueRequest, ReissueResult } from './issuance.js';
import { orderCard, reissueCard, reportLostStolen, resetPin } from './issuance.js';
import type { AuthoriseOutcome, AuthoriseRequest, TransactionPage } from './ledger.js';
import { AuthorisationLedger } from './ledger.js';
import type { LimitSetting, LimitView } from './limits.js';
import { applyLimitSettings, limitViews } from './limits.js';
import type { AuthorisationRecord, AuthorisationStatus, BlockReason, CardForm, CardRecord, CardScheme, CardStatus, CardType } from './model.js';
import { FINAL_STATUSES } from './model.js';
import type { OrderView } from './orders.js';
import { OrderBook } from './orders.js';
import { productDisplayName } from './products.js';
import type { AccountRestriction } from './registry.js';
import { CardRegistry } from './registry.js';

/** GetCardTransactions accepts a period of at most this many days. */
export const MAX_PERIOD_DAYS = 366;

export interface CardSummaryView {
  readonly cardId: string;
  readonly maskedPan: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly scheme: CardScheme;
  readonly cardType: CardType;
  readonly cardForm: CardForm;
  readonly productName: string;
  readonly cardholderName: string;
  readonly expiry: string;
  readonly status: CardStatus;
  readonly blockReason?: BlockReason;
  readonly statusReason?: string;
  readonly statusChangedAt: Date;
}

export interface CardDetailView extends CardSummaryView {
  readonly issuedOn?: string;
  readonly replacesCardId?: string;
  readonly replacedByCardId?: string;
  readonly limits: readonly LimitView[];
  /** CREDIT cards only. */
  readonly credit?: { readonly creditLine: bigint; readonly availableCredit: bigint; readonly currency: string; readonly asOf: Date };
}

export type PinResetResult = Omit<PinReset, 'voided'>;

export class CardsState {
  readonly registry: CardRegistry;
  readonly orders: OrderBook;
  readonly ledger: AuthorisationLedger;
  /** One set of keys for all keyed operations: a key used by one operation is a conflict in another. */
  private readonly idempotency = new IdempotencyStore({
    keysPer: 'shared',
    conflictMessage: ({ idempotencyKey }) => `idempotency key ${idempotencyKey} was already used with different content`,
  });
  private readonly pinResets: PinReset[] = [];

  constructor(
    dataset: Dataset,
    sink: EventSink,
    private readonly clock: Clock,
  ) {
    this.registry = new CardRegistry(dataset, sink, clock.now());
    this.orders = new OrderBook(this.registry);
    this.ledger = new AuthorisationLedger(this.registry, sink);
    this.ledger.seedHistory(dataset.entries);
  }

  /** Applies everything the clock has made due (order steps, card expiry, hold expiry); returns now. */
  catchUp(): Date {
    const now = this.catchUpExceptHolds();
    this.ledger.expireHolds(now);
    return now;
  }

  private catchUpExceptHolds(): Date {
    const now = this.clock.now();
    this.orders.progressAll(now);
    expireCards(this.registry, this.orders, now);
    return now;
  }

  // ---- Reads -------------------------------------------------------------------------

  listClientCards(clientId: string, options: { readonly accountId?: string; readonly includeFinal?: boolean } = {}): CardSummaryView[] {
    this.catchUp();
    if (!this.registry.clients.has(clientId)) throw new ContractFault('CLIENT_NOT_FOUND', `no client ${clientId}`, { field: 'clientId' });
    if (options.accountId !== undefined && this.registry.accounts.get(options.accountId)?.clientId !== clientId) {
      throw new ContractFault('ACCOUNT_NOT_FOUND', `no account ${options.accountId} for client ${clientId}`, { field: 'accountId' });
    }
    return this.registry
      .cardsOfClient(clientId)
      .filter((card) => options.includeFinal === true || !FINAL_STATUSES.has(card.status))
      .filter((card) => options.accountId === undefined || card.accountId === options.accountId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compareText(b.cardId, a.cardId))
      .map((card) => this.summary(card));
  }

  getCard(clientId: string, cardId: string): CardDetailView {
    const now = this.catchUp();
    const card = this.registry.ownedCard(clientId, cardId);
    return {
      ...this.summary(card),
      ...(card.issuedOn ? { issuedOn: card.issuedOn } : {}),
      ...(card.replacesCardId ? { replacesCardId: card.replacesCardId } : {}),
      ...(card.replacedByCardId ? { replacedByCardId: card.replacedByCardId } : {}),
      limits: limitViews(card, this.ledger.usageOf(card, now)),
      ...(card.type === 'CREDIT'
        ? { credit: { creditLine: card.creditLine, availableCredit: this.ledger.availableCredit(card), currency: card.currency, asOf: now } }
        : {}),
    };
  }

  getOrder(clientId: string, orderId: string): OrderView {
    const now = this.catchUp();
    return this.orders.view(this.orders.ownedOrder(clientId, orderId), now);
  }

  listTransactions(
    clientId: string,
    cardId: string,
    query: { readonly from: string; readonly to: string; readonly statuses: readonly AuthorisationStatus[]; readonly cursor?: string; readonly limit: number },
  ): TransactionPage {
    this.catchUp();
    const card = this.registry.ownedCard(clientId, cardId);
    if (query.from > query.to) throw new ContractFault('INVALID_PERIOD', `period starts ${query.from}, after its end ${query.to}`, { field: 'period' });
    const days = daysBetween(query.from, query.to) + 1;
    if (days > MAX_PERIOD_DAYS) throw new ContractFault('INVALID_PERIOD', `period of ${days} days is longer than ${MAX_PERIOD_DAYS}`, { field: 'period' });
    return this.ledger.list(card.cardId, query);
  }

  // ---- Writes idempotent by nature ---------------------------------------------------

  activateCard(clientId: string, cardId: string, proof: ActivationProof): StatusResult {
    const now = this.catchUp();
    return activateCard(this.registry, this.registry.ownedCard(clientId, cardId), proof, now);
  }

  blockCard(clientId: string, cardId: string, reason: BlockReason, reasonText?: string): BlockResult {
    const now = this.catchUp();
    return blockCard(this.registry, this.registry.ownedCard(clientId, cardId), reason, reasonText, now);
  }

  unblockCard(clientId: string, cardId: string, reasonText?: string): StatusResult {
    const now = this.catchUp();
    return unblockCard(this.registry, this.registry.ownedCard(clientId, cardId), reasonText, now);
  }

  setCardLimits(clientId: string, cardId: string, settings: readonly LimitSetting[]): LimitView[] {
    const now = this.catchUp();
    const card = this.registry.ownedCard(clientId, cardId);
    if (FINAL_STATUSES.has(card.status)) throw new ContractFault('INVALID_STATE', `card ${card.cardId} is ${card.status}; its limits cannot change`);
    applyLimitSettings(card, settings);
    return limitViews(card, this.ledger.usageOf(card, now));
  }

  // ---- Keyed writes ------------------------------------------------------------------

  orderCard(idempotencyKey: string, request: OrderCardRequest): OrderCardResult {
    const now = this.catchUp();
    return this.idempotency.run({ operation: 'OrderCard', idempotencyKey, content: request }, () => orderCard(this, request, now));
  }

  reissueCard(idempotencyKey: string, request: ReissueRequest): ReissueResult {
    const now = this.catchUp();
    return this.idempotency.run({ operation: 'ReissueCard', idempotencyKey, content: request }, () => reissueCard(this, request, now));
  }

  reportLostStolen(idempotencyKey: string, request: LossReport): LossReportResult {
    const now = this.catchUp();
    return this.idempotency.run({ operation: 'ReportCardLostStolen', idempotencyKey, content: request }, () => reportLostStolen(this, request, now));
  }

  resetPin(idempotencyKey: string, request: PinResetRequest): PinResetResult {
    const now = this.catchUp();
    return this.idempotency.run({ operation: 'ResetPin', idempotencyKey, content: request }, (): PinResetResult => {
      const reset = resetPin(this, this.pinResets, request, now);
      // A snapshot: the remembered result must not change when a later reset voids this one.
      return {
        pinResetId: reset.pinResetId,
        cardId: reset.cardId,
        channel: reset.channel,
        requestedAt: reset.requestedAt,
        ...(reset.expiresAt ? { expiresAt: reset.expiresAt } : {}),
        ...(reset.estimatedDeliveryDate ? { estimatedDeliveryDate: reset.estimatedDeliveryDate } : {}),
      };
    });
  }

  // ---- QA helpers (the fixtures) -----------------------------------------------------

  authorise(request: AuthoriseRequest): AuthoriseOutcome {
    const now = this.catchUp();
    const card = this.registry.findCard(request.cardId);
    if (!card) throw new ContractFault('CARD_NOT_FOUND', `no card ${request.cardId}`, { field: 'cardId' });
    return this.ledger.authorise(card, request, now);
  }

  settle(authorisationId: string, settlementDate?: string, amount?: string): AuthorisationRecord {
    const now = this.catchUp();
    return this.ledger.settle(authorisationId, settlementDate ?? dateOf(now), amount, now);
  }

  reverse(authorisationId: string): AuthorisationRecord {
    this.catchUp();
    return this.ledger.reverse(authorisationId);
  }

  /** Expires the holds whose holding period is over at `now` (default: the clock). */
  expireAuthorisations(now?: Date): AuthorisationRecord[] {
    // Not the full catch-up: it would expire the due holds itself and this call could not report them.
    const clockNow = this.catchUpExceptHolds();
    return this.ledger.expireHolds(now ?? clockNow);
  }

  setCardStatus(cardId: string, status: CardStatus, reason?: string, blockReason?: BlockReason): CardSummaryView {
    const now = this.catchUp();
    const card = this.registry.findCard(cardId);
    if (!card) throw new ContractFault('CARD_NOT_FOUND', `no card ${cardId}`, { field: 'cardId' });
    return this.summary(overrideStatus(this.registry, this.orders, card, status, reason, blockReason, now));
  }

  /** What core banking would say about an account: closed or blocked accounts get no new cards. */
  setAccountStatus(accountId: string, restriction: AccountRestriction | undefined): void {
    if (!this.registry.accounts.has(accountId)) throw new ContractFault('ACCOUNT_NOT_FOUND', `no account ${accountId}`, { field: 'accountId' });
    this.registry.setRestriction(accountId, restriction);
  }

  /** Applies the due order steps now (they are also applied at the start of every call). */
  advanceOrders(): OrderView[] {
    const now = this.catchUp();
    return this.orders.allOrders().map((order) => this.orders.view(order, now));
  }

  /** The code printed in the card's activation letter (what the client would read). */
  activationCodeOf(cardId: string): string {
    const card = this.registry.findCard(cardId);
    if (!card) throw new ContractFault('CARD_NOT_FOUND', `no card ${cardId}`, { field: 'cardId' });
    return card.activationCode;
  }

  /** The PIN resets started for a card (SMS sent or letter posted), oldest first. */
  pinResetsOf(cardId: string): readonly PinReset[] {
    return this.pinResets.filter((reset) => reset.cardId === cardId);
  }

  private summary(card: CardRecord): CardSummaryView {
    return {
      cardId: card.cardId,
      maskedPan: this.registry.pans.masked(card.cardId),
      clientId: card.clientId,
      accountId: card.accountId,
      scheme: card.scheme,
      cardType: card.type,
      cardForm: card.form,
      productName: productDisplayName(card.productCode, card.scheme),
      cardholderName: card.cardholderName,
      expiry: card.expiry,
      status: card.status,
      ...(card.status === 'BLOCKED' && card.blockReason ? { blockReason: card.blockReason } : {}),
      ...(card.statusReason ? { statusReason: card.statusReason } : {}),
      statusChangedAt: card.statusChangedAt,
    };
  }
}
