/**
 * The operations that create something and carry an idempotency key: OrderCard,
 * ReissueCard, ReportCardLostStolen (with its replacement) and ResetPin. The keyed
 * replay itself is in shared/idempotency.ts; these functions run once per key.
 */
import { ContractFault } from '../server/types.js';
import type { SeedClient } from '../seed/dataset.js';
import { MINUTE_MS, addDays, dateOf } from '../shared/calendar.js';
import { closeReplacedCard } from './card-ops.js';
import type { CardForm, CardRecord, CardScheme, CardStatus, CardType, Delivery, LossType, OrderStatus, PinChannel, ReissueReason } from './model.js';
import { LIVE_STATUSES } from './model.js';
import { cardholderNameFor } from './names.js';
import type { OrderBook } from './orders.js';
import { MAX_CARDS_PER_ACCOUNT, MAX_CARDS_PER_CLIENT, defaultLimits, defaultProduct, findProduct } from './products.js';
import type { CardRegistry } from './registry.js';

export interface IssuanceContext {
  readonly registry: CardRegistry;
  readonly orders: OrderBook;
}

export interface OrderCardRequest {
  readonly clientId: string;
  readonly accountId: string;
  readonly cardType: CardType;
  readonly cardForm: CardForm;
  readonly schemePreference?: CardScheme;
  readonly productCode?: string;
  readonly cardholderName?: string;
  readonly delivery?: Delivery;
}

export interface OrderCardResult {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly cardId?: string;
  readonly estimatedDeliveryDate?: string;
}

export interface ReissueRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly reason: ReissueReason;
  readonly cardholderName?: string;
  readonly delivery?: Delivery;
}

export interface ReissueResult {
  readonly cardId: string;
  readonly status: CardStatus;
  readonly newCardId: string;
  readonly orderId: string;
  readonly orderStatus: OrderStatus;
}

export interface LossReport {
  readonly clientId: string;
  readonly cardId: string;
  readonly lossType: LossType;
  readonly lossDate: string;
  readonly reissue: boolean;
  readonly delivery?: Delivery;
  readonly description?: string;
}

export interface LossReportResult {
  readonly cardId: string;
  readonly status: CardStatus;
  readonly statusChangedAt: Date;
  readonly newCardId?: string;
  readonly orderId?: string;
  readonly reissueRefused?: 'ACCOUNT_CLOSED' | 'ACCOUNT_BLOCKED' | 'KYC_REQUIRED' | 'INVALID_STATE';
}

export interface PinResetRequest {
  readonly clientId: string;
  readonly cardId: string;
  readonly channel: PinChannel;
}

export interface PinReset {
  readonly pinResetId: string;
  readonly cardId: string;
  readonly channel: PinChannel;
  readonly requestedAt: Date;
  /** SMS: when the one-time code stops working. */
  readonly expiresAt?: Date;
  /** LETTER: when the PIN mailer should arrive. */
  readonly estimatedDeliveryDate?: string;
  /** A later reset of the same card voided this SMS code. */
  voided: boolean;
}

/** How long the one-time code of an SMS PIN reset works, and how long a PIN letter takes. */
export const PIN_SMS_VALIDITY_MS = 15 * MINUTE_MS;
export const PIN_LETTER_DAYS = 5;

type AccountRefusal = 'ACCOUNT_CLOSED' | 'ACCOUNT_BLOCKED' | 'KYC_REQUIRED';

/** Why no card can be issued on the account for the client now, if anything stops it. */
function accountRefusal(registry: CardRegistry, client: SeedClient | undefined, accountId: string): AccountRefusal | undefined {
  const restriction = registry.restrictionOf(accountId);
  if (restriction === 'CLOSED') return 'ACCOUNT_CLOSED';
  if (restriction === 'BLOCKED') return 'ACCOUNT_BLOCKED';
  if (client?.kycStatus !== 'VERIFIED') return 'KYC_REQUIRED';
  return undefined;
}

const REFUSAL_MESSAGES: Readonly<Record<AccountRefusal, string>> = {
  ACCOUNT_CLOSED: 'the account is closed',
  ACCOUNT_BLOCKED: 'the account is blocked',
  KYC_REQUIRED: "the client's KYC status does not allow a new card",
};

function residence(client: SeedClient | undefined): Delivery | undefined {
  if (!client) return undefined;
  const { line, city, postalCode, country } = client.address;
  return { address: { line, city, ...(postalCode ? { postalCode } : {}), country } };
}

function derivedName(client: SeedClient | undefined, fallback: string): string {
  return client ? cardholderNameFor(client.givenName, client.familyName) : fallback;
}

export function orderCard({ registry, orders }: IssuanceContext, request: OrderCardRequest, now: Date): OrderCardResult {
  const client = registry.clients.get(request.clientId);
  if (!client) throw new ContractFault('CLIENT_NOT_FOUND', `no client ${request.clientId}`, { field: 'clientId' });
  const account = registry.accounts.get(request.accountId);
  if (!account || account.clientId !== client.clientId) throw new ContractFault('ACCOUNT_NOT_FOUND', `no account ${request.accountId} for client ${client.clientId}`, { field: 'accountId' });
  const refusal = accountRefusal(registry, client, account.accountId);
  if (refusal) throw new ContractFault(refusal, REFUSAL_MESSAGES[refusal]);

  const product = request.productCode === undefined ? defaultProduct(request.cardType) : findProduct(request.productCode);
  if (!product || product.type !== request.cardType) {
    throw new ContractFault('INVALID_STATE', `product ${request.productCode ?? ''} is not a ${request.cardType} card product of the bank`, { field: 'productCode' });
  }
  // The account must be of the kind the card spends from; the credit line of a credit-card account is that of its cards.
  const creditCards = [...registry.allCards()].filter((card) => card.accountId === account.accountId && card.type === 'CREDIT');
  const fits = request.cardType === 'DEBIT' ? account.type === 'CURRENT' : request.cardType === 'CREDIT' ? creditCards.length > 0 : false;
  if (!fits) throw new ContractFault('INVALID_STATE', `account ${account.accountId} cannot carry a ${request.cardType} card`, { field: 'cardType' });

  // Cards that are not final and orders whose card does not exist yet both count.
  const holding: readonly { readonly accountId: string; readonly clientId: string }[] = [
    ...[...registry.allCards()].filter((card) => !registry.isFinal(card)),
    ...orders.openOrdersWithoutCard().map((order) => order.card),
  ];
  if (holding.filter((card) => card.accountId === account.accountId).length >= MAX_CARDS_PER_ACCOUNT) {
    throw new ContractFault('LIMIT_EXCEEDED', `account ${account.accountId} already holds ${MAX_CARDS_PER_ACCOUNT} cards`);
  }
  if (holding.filter((card) => card.clientId === client.clientId).length >= MAX_CARDS_PER_CLIENT) {
    throw new ContractFault('LIMIT_EXCEEDED', `client ${client.clientId} already holds ${MAX_CARDS_PER_CLIENT} cards`);
  }

  const scheme = request.schemePreference && product.schemes.includes(request.schemePreference) ? request.schemePreference : product.schemes[0]!;
  const orderId = registry.ids.next('mc-order');
  const delivery = request.cardForm === 'PHYSICAL' ? (request.delivery ?? residence(client)) : undefined;
  const order = orders.place(
    {
      orderId,
      cardId: registry.ids.next('mc-card'),
      clientId: client.clientId,
      accountId: account.accountId,
      currency: account.currency,
      scheme,
      type: request.cardType,
      form: request.cardForm,
      productCode: product.code,
      cardholderName: request.cardholderName ?? derivedName(client, 'CARDHOLDER'),
      expiry: registry.newExpiry(now),
      limits: defaultLimits(account.currency),
      creditLine: creditCards.reduce((line, card) => (card.creditLine > line ? card.creditLine : line), 0n),
    },
    delivery,
    now,
  );
  const view = orders.view(order, now);
  return {
    orderId,
    status: view.status,
    ...(view.cardId ? { cardId: view.cardId } : {}),
    ...(view.estimatedDeliveryDate && request.cardForm === 'PHYSICAL' ? { estimatedDeliveryDate: view.estimatedDeliveryDate } : {}),
  };
}

/** Orders the replacement of `old` (same account, type, form, scheme, product, limits; new number and expiry). */
function orderReplacement(
  { registry, orders }: IssuanceContext,
  old: CardRecord,
  cardholderName: string,
  delivery: Delivery | undefined,
  now: Date,
): { readonly newCardId: string; readonly orderId: string; readonly orderStatus: OrderStatus } {
  const client = registry.clients.get(old.clientId);
  const orderId = registry.ids.next('mc-order');
  const newCardId = registry.ids.next('mc-card');
  old.replacedByCardId = newCardId;
  const order = orders.place(
    {
      orderId,
      cardId: newCardId,
      clientId: old.clientId,
      accountId: old.accountId,
      currency: old.currency,
      scheme: old.scheme,
      type: old.type,
      form: old.form,
      productCode: old.productCode,
      cardholderName,
      expiry: registry.newExpiry(now),
      limits: old.limits,
      creditLine: old.creditLine,
      replacesCardId: old.cardId,
    },
    old.form === 'PHYSICAL' ? (delivery ?? residence(client)) : undefined,
    now,
    old,
  );
  const replacement = registry.findCard(newCardId);
  // A virtual replacement is active at once, which closes the old card if it is still usable.
  if (replacement?.status === 'ACTIVE') closeReplacedCard(registry, replacement, now);
  return { newCardId, orderId, orderStatus: orders.view(order, now).status };
}

/** Which (card status, reissue reason) pairs ReissueCard accepts. */
function reissueAllowed(card: CardRecord, reason: ReissueReason): boolean {
  if (card.replacedByCardId) return false;
  if (card.status === 'ISSUED' || card.status === 'ACTIVE') return true;
  if (card.status === 'BLOCKED') return card.blockReason === 'CLIENT_REQUEST';
  if (card.status === 'EXPIRED') return reason === 'EXPIRY';
  if (card.status === 'LOST' || card.status === 'STOLEN') return reason === 'LOST' || reason === 'STOLEN';
  return false;
}

export function reissueCard(context: IssuanceContext, request: ReissueRequest, now: Date): ReissueResult {
  const { registry } = context;
  const card = registry.ownedCard(request.clientId, request.cardId);
  if (!reissueAllowed(card, request.reason)) {
    const why = card.replacedByCardId ? `already replaced by ${card.replacedByCardId}` : `${card.status}${card.blockReason ? ` (${card.blockReason})` : ''}`;
    throw new ContractFault('INVALID_STATE', `card ${card.cardId} is ${why} and cannot be reissued for ${request.reason}`);
  }
  const client = registry.clients.get(card.clientId);
  const refusal = accountRefusal(registry, client, card.accountId);
  if (refusal) throw new ContractFault(refusal, REFUSAL_MESSAGES[refusal]);

  if ((request.reason === 'LOST' || request.reason === 'STOLEN') && LIVE_STATUSES.has(card.status)) {
    const reason = `Reported ${request.reason.toLowerCase()} with a reissue request`;
    registry.transition(card, request.reason, now, { reason, statusReason: reason });
    context.orders.cancelForCard(card.cardId, now, `The card was reported ${request.reason.toLowerCase()} before delivery`);
  }
  const name = request.cardholderName ?? (request.reason === 'RENAME' ? derivedName(client, card.cardholderName) : card.cardholderName);
  const replacement = orderReplacement(context, card, name, request.delivery, now);
  return { cardId: card.cardId, status: card.status, ...replacement };
}

export function reportLostStolen(context: IssuanceContext, request: LossReport, now: Date): LossReportResult {
  const { registry } = context;
  const card = registry.ownedCard(request.clientId, request.cardId);
  if (request.lossDate > dateOf(now)) throw new ContractFault('INVALID_PERIOD', `the loss date ${request.lossDate} is after today`, { field: 'lossDate' });
  if (!LIVE_STATUSES.has(card.status)) throw new ContractFault('INVALID_STATE', `card ${card.cardId} is ${card.status} and cannot be reported ${request.lossType.toLowerCase()}`);

  const wasBankBlock = card.status === 'BLOCKED' && card.blockReason === 'BANK_DECISION';
  const noun = request.lossType === 'LOST' ? 'lost' : 'stolen';
  const reason = request.description ? `Reported ${noun} since ${request.lossDate}: ${request.description}` : `Reported ${noun} since ${request.lossDate}`;
  registry.transition(card, request.lossType, now, { reason, statusReason: request.description ?? `Reported ${noun} since ${request.lossDate}` });
  context.orders.cancelForCard(card.cardId, now, `The card was reported ${noun} before delivery`);
  const stopped = { cardId: card.cardId, status: card.status, statusChangedAt: card.statusChangedAt };
  if (!request.reissue) return stopped;

  // Stopping never fails because of the replacement: a refusal is reported next to the stop.
  const refusal = wasBankBlock || card.replacedByCardId ? 'INVALID_STATE' : accountRefusal(registry, registry.clients.get(card.clientId), card.accountId);
  if (refusal) return { ...stopped, reissueRefused: refusal };
  const replacement = orderReplacement(context, card, card.cardholderName, request.delivery, now);
  return { ...stopped, newCardId: replacement.newCardId, orderId: replacement.orderId };
}

export function resetPin({ registry }: IssuanceContext, resets: PinReset[], request: PinResetRequest, now: Date): PinReset {
  const card = registry.ownedCard(request.clientId, request.cardId);
  if (card.form === 'VIRTUAL') throw new ContractFault('INVALID_STATE', `card ${card.cardId} is virtual and has no PIN`);
  if (!LIVE_STATUSES.has(card.status)) throw new ContractFault('INVALID_STATE', `card ${card.cardId} is ${card.status}; its PIN cannot be reset`);
  const client = registry.clients.get(card.clientId);
  if (request.channel === 'SMS' && !client?.phone) throw new ContractFault('INVALID_STATE', 'no mobile phone on file for an SMS');
  if (request.channel === 'LETTER' && !client?.address.line.length) throw new ContractFault('INVALID_STATE', 'no postal address on file for a PIN letter');
  // A new reset voids the unused code of an earlier SMS reset of the card.
  for (const earlier of resets) if (earlier.cardId === card.cardId && earlier.channel === 'SMS') earlier.voided = true;
  const reset: PinReset = {
    pinResetId: registry.ids.next('mc-pin'),
    cardId: card.cardId,
    channel: request.channel,
    requestedAt: now,
    ...(request.channel === 'SMS'
      ? { expiresAt: new Date(now.getTime() + PIN_SMS_VALIDITY_MS) }
      : { estimatedDeliveryDate: addDays(dateOf(now), PIN_LETTER_DAYS) }),
    voided: false,
  };
  resets.push(reset);
  return reset;
}
