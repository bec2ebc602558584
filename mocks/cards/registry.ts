/**
 * The cards the card system holds, the clients and accounts it knows from the dataset,
 * and the one place where a card's status changes (so that every change is pushed as
 * CardStatusChanged). Ownership checks live here too: a card of another client is
 * answered exactly like a card that does not exist.
 */
import type { EventSink } from '../push/types.js';
import type { Dataset, SeedAccount, SeedCard, SeedClient } from '../seed/dataset.js';
import { ContractFault } from '../server/types.js';
import { addMonthsToMonth, dateOf, instantOn } from '../shared/calendar.js';
import { IdSequence } from '../shared/ids.js';
import { cardStatusNotice } from './events.js';
import { expiryInstant } from './expiry.js';
import type { BlockReason, CardRecord, CardScheme, CardStatus, CardType, LimitKey } from './model.js';
import { FINAL_STATUSES } from './model.js';
import { normaliseCardholderName } from './names.js';
import { PanVault, activationCodeFor } from './pan.js';
import { DEFAULT_BINS, VALIDITY_MONTHS, defaultLimits, defaultProduct } from './products.js';

/** What a card is made of when it comes into being: the record's fixed parts. */
export type NewCardSpec = Pick<
  CardRecord,
  'cardId' | 'clientId' | 'accountId' | 'currency' | 'scheme' | 'type' | 'form' | 'productCode' | 'cardholderName' | 'expiry' | 'creditLine' | 'replacesCardId' | 'orderId'
> & { readonly limits: ReadonlyMap<LimitKey, bigint> };

export type AccountRestriction = 'CLOSED' | 'BLOCKED';

export class CardRegistry {
  readonly clients: ReadonlyMap<string, SeedClient>;
  readonly accounts: ReadonlyMap<string, SeedAccount>;
  readonly pans: PanVault;
  /** Fresh identifiers with a prefix that skip any id the dataset already uses. */
  readonly ids: IdSequence;
  private readonly cards = new Map<string, CardRecord>();
  private readonly restrictions = new Map<string, AccountRestriction>();
  private readonly seedBins = new Map<string, string>();

  constructor(
    private readonly dataset: Dataset,
    private readonly sink: EventSink,
    now: Date,
  ) {
    this.clients = new Map(dataset.clients.map((client) => [client.clientId, client]));
    this.accounts = new Map(dataset.accounts.map((account) => [account.accountId, account]));
    this.pans = new PanVault(dataset.seed);
    const seededIds = new Set(dataset.cards.map((card) => card.cardId));
    this.ids = new IdSequence(6, (id) => seededIds.has(id) || this.cards.has(id));
    for (const seed of dataset.cards) this.addSeedCard(seed, now);
  }

  get seed(): number {
    return this.dataset.seed;
  }

  /** A card of the client; another client's card and an unknown id are the same CARD_NOT_FOUND. */
  ownedCard(clientId: string, cardId: string): CardRecord {
    const card = this.cards.get(cardId);
    if (!card || card.clientId !== clientId) throw new ContractFault('CARD_NOT_FOUND', `no card ${cardId} for client ${clientId}`, { field: 'cardId' });
    return card;
  }

  findCard(cardId: string): CardRecord | undefined {
    return this.cards.get(cardId);
  }

  allCards(): IterableIterator<CardRecord> {
    return this.cards.values();
  }

  cardsOfClient(clientId: string): CardRecord[] {
    return [...this.cards.values()].filter((card) => card.clientId === clientId);
  }

  restrictionOf(accountId: string): AccountRestriction | undefined {
    return this.restrictions.get(accountId);
  }

  setRestriction(accountId: string, restriction: AccountRestriction | undefined): void {
    if (restriction) this.restrictions.set(accountId, restriction);
    else this.restrictions.delete(accountId);
  }

  currencyOf(accountId: string): string {
    return this.accounts.get(accountId)?.currency ?? 'EUR';
  }

  /** The bank's BIN for a scheme and type: the one its seeded cards use, else the mock default. */
  binFor(scheme: CardScheme, type: CardType): string {
    return this.seedBins.get(`${scheme}/${type}`) ?? DEFAULT_BINS[scheme][type];
  }

  /** Expiry month of a card issued now. */
  newExpiry(now: Date): string {
    return addMonthsToMonth(dateOf(now).slice(0, 7), VALIDITY_MONTHS);
  }

  /** Brings a new card into being with a new PAN (same BIN as `binOf` when given) and pushes its status. */
  createCard(spec: NewCardSpec, status: CardStatus, at: Date, reason: string, binOf?: string): CardRecord {
    const bin = binOf === undefined ? this.binFor(spec.scheme, spec.type) : this.pans.bin(binOf);
    const length = binOf === undefined ? 16 : this.pans.length(binOf);
    this.pans.issue(spec.cardId, bin, length);
    const card: CardRecord = {
      cardId: spec.cardId,
      clientId: spec.clientId,
      accountId: spec.accountId,
      currency: spec.currency,
      scheme: spec.scheme,
      type: spec.type,
      form: spec.form,
      productCode: spec.productCode,
      cardholderName: spec.cardholderName,
      expiry: spec.expiry,
      status,
      statusChangedAt: at,
      ...(status === 'ORDERED' ? {} : { issuedOn: dateOf(at) }),
      ...(status === 'ACTIVE' ? { activatedAt: at } : {}),
      ...(spec.replacesCardId ? { replacesCardId: spec.replacesCardId } : {}),
      ...(spec.orderId ? { orderId: spec.orderId } : {}),
      limits: new Map(spec.limits),
      activationCode: activationCodeFor(this.dataset.seed, spec.cardId),
      failedActivations: 0,
      creditLine: spec.creditLine,
      createdAt: at,
      history: [{ at, status, reason }],
    };
    this.cards.set(card.cardId, card);
    this.sink.publish(cardStatusNotice(card, this.pans.masked(card.cardId), reason, at));
    return card;
  }

  /**
   * Changes a card's status (or, staying BLOCKED, its block reason or text) and pushes it.
   * `statusReason` replaces the stored free text; absent clears it.
   */
  transition(card: CardRecord, status: CardStatus, at: Date, change: { readonly reason: string; readonly blockReason?: BlockReason; readonly statusReason?: string }): void {
    const statusChanged = card.status !== status;
    card.status = status;
    if (status === 'BLOCKED') card.blockReason = change.blockReason ?? card.blockReason ?? 'BANK_DECISION';
    else delete card.blockReason;
    if (change.statusReason === undefined) delete card.statusReason;
    else card.statusReason = change.statusReason;
    if (statusChanged) card.statusChangedAt = at;
    if (status === 'ACTIVE' && !card.activatedAt) card.activatedAt = at;
    if (status !== 'ORDERED' && !card.issuedOn) card.issuedOn = dateOf(at);
    card.history.push({ at, status, reason: change.reason });
    this.sink.publish(cardStatusNotice(card, this.pans.masked(card.cardId), change.reason, at));
  }

  isFinal(card: CardRecord): boolean {
    return FINAL_STATUSES.has(card.status);
  }

  private addSeedCard(seed: SeedCard, now: Date): void {
    this.pans.store(seed.cardId, seed.pan);
    const binKey = `${seed.scheme}/${seed.type}`;
    if (!this.seedBins.has(binKey)) this.seedBins.set(binKey, seed.pan.slice(0, 6));
    const currency = this.currencyOf(seed.accountId);
    // The dataset has no issue date: a card is issued VALIDITY_MONTHS before its expiry, never after today.
    const issuedMonth = addMonthsToMonth(seed.expiry, -VALIDITY_MONTHS);
    const issuedOn = `${issuedMonth}-01` < dateOf(now) ? `${issuedMonth}-01` : dateOf(now);
    const expired = expiryInstant(seed.expiry).getTime() <= now.getTime();
    // A seeded card past its expiry month is seeded EXPIRED (silently: the dataset is the starting point, not a change).
    const status: CardStatus = expired ? 'EXPIRED' : seed.status;
    const statusChangedAt = status === 'EXPIRED' ? new Date(Math.min(expiryInstant(seed.expiry).getTime(), now.getTime())) : instantOn(issuedOn);
    const product = defaultProduct(seed.type);
    this.cards.set(seed.cardId, {
      cardId: seed.cardId,
      clientId: seed.clientId,
      accountId: seed.accountId,
      currency,
      scheme: seed.scheme,
      type: seed.type,
      form: seed.form,
      productCode: product.code,
      cardholderName: normaliseCardholderName(seed.embossedName),
      expiry: seed.expiry,
      status,
      ...(status === 'BLOCKED' ? { blockReason: 'CLIENT_REQUEST' as const } : {}),
      statusChangedAt,
      ...(seed.status === 'ACTIVE' || seed.status === 'BLOCKED' ? { activatedAt: instantOn(issuedOn) } : {}),
      issuedOn,
      limits: defaultLimits(currency),
      activationCode: activationCodeFor(this.dataset.seed, seed.cardId),
      failedActivations: 0,
      creditLine: seed.type === 'CREDIT' ? seed.creditLimit : 0n,
      createdAt: instantOn(issuedOn),
      history: [{ at: statusChangedAt, status }],
    });
  }
}
