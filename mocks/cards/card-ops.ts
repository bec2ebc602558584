/**
 * Status changes of an existing card that the contract makes idempotent by nature:
 * ActivateCard, BlockCard, UnblockCard; plus the QA override and the clock-driven expiry.
 */
import { ContractFault } from '../server/types.js';
import type { BlockReason, CardRecord, CardStatus } from './model.js';
import { BLOCK_STRENGTH, LIVE_STATUSES } from './model.js';
import type { OrderBook } from './orders.js';
import type { CardRegistry } from './registry.js';
import { expiryInstant } from './expiry.js';

/** Wrong activation proofs in a row that lock the card (BLOCKED, SUSPECTED_FRAUD). */
export const MAX_ACTIVATION_FAILURES = 3;

export type ActivationProof = { readonly activationCode: string } | { readonly panLastFour: string };

export interface StatusResult {
  readonly cardId: string;
  readonly status: CardStatus;
  readonly statusChangedAt: Date;
}

export interface BlockResult extends StatusResult {
  readonly blockReason: BlockReason;
}

function invalidState(card: CardRecord, action: string): ContractFault {
  return new ContractFault('INVALID_STATE', `card ${card.cardId} is ${card.status}${card.blockReason ? ` (${card.blockReason})` : ''} and cannot be ${action}`);
}

function withText(prefix: string, text: string | undefined): string {
  return text ? `${prefix}: ${text}` : prefix;
}

/** A replacement became usable: the card it replaces is closed if it is still usable. */
export function closeReplacedCard(registry: CardRegistry, replacement: CardRecord, at: Date): void {
  if (!replacement.replacesCardId) return;
  const old = registry.findCard(replacement.replacesCardId);
  if (old && LIVE_STATUSES.has(old.status)) {
    registry.transition(old, 'CLOSED', at, { reason: `Replaced by card ${replacement.cardId}`, statusReason: `Replaced by card ${replacement.cardId}` });
  }
}

export function activateCard(registry: CardRegistry, card: CardRecord, proof: ActivationProof, now: Date): StatusResult {
  if (card.status === 'ACTIVE') {
    // Already in the target state: success with the first activation time, proof not re-checked.
    return { cardId: card.cardId, status: 'ACTIVE', statusChangedAt: card.activatedAt ?? card.statusChangedAt };
  }
  if (card.status !== 'ISSUED') throw invalidState(card, 'activated');
  const correct = 'activationCode' in proof ? proof.activationCode === card.activationCode : proof.panLastFour === registry.pans.lastFour(card.cardId);
  if (!correct) {
    card.failedActivations += 1;
    if (card.failedActivations >= MAX_ACTIVATION_FAILURES) {
      const reason = `SUSPECTED_FRAUD: ${MAX_ACTIVATION_FAILURES} wrong activation attempts`;
      registry.transition(card, 'BLOCKED', now, { reason, blockReason: 'SUSPECTED_FRAUD', statusReason: reason });
      throw new ContractFault('INVALID_ACTIVATION_CODE', `wrong activation proof; card ${card.cardId} is now blocked after ${MAX_ACTIVATION_FAILURES} failures`);
    }
    const left = MAX_ACTIVATION_FAILURES - card.failedActivations;
    throw new ContractFault('INVALID_ACTIVATION_CODE', `wrong activation proof; ${left} attempt${left === 1 ? '' : 's'} left`);
  }
  card.failedActivations = 0;
  registry.transition(card, 'ACTIVE', now, { reason: 'Activated by the cardholder' });
  closeReplacedCard(registry, card, now);
  return { cardId: card.cardId, status: 'ACTIVE', statusChangedAt: card.statusChangedAt };
}

export function blockCard(registry: CardRegistry, card: CardRecord, reason: BlockReason, reasonText: string | undefined, now: Date): BlockResult {
  if (card.status === 'BLOCKED') {
    const current = card.blockReason ?? 'CLIENT_REQUEST';
    const kept = BLOCK_STRENGTH[reason] > BLOCK_STRENGTH[current] ? reason : current;
    const text = reasonText ?? card.statusReason;
    // No new block; but a stronger reason or a new text changes what the hub shows.
    if (kept !== current || text !== card.statusReason) {
      registry.transition(card, 'BLOCKED', now, { reason: withText(kept, text), blockReason: kept, ...(text ? { statusReason: text } : {}) });
    }
    return { cardId: card.cardId, status: 'BLOCKED', blockReason: kept, statusChangedAt: card.statusChangedAt };
  }
  if (card.status !== 'ACTIVE') throw invalidState(card, 'blocked');
  registry.transition(card, 'BLOCKED', now, { reason: withText(reason, reasonText), blockReason: reason, ...(reasonText ? { statusReason: reasonText } : {}) });
  return { cardId: card.cardId, status: 'BLOCKED', blockReason: reason, statusChangedAt: card.statusChangedAt };
}

export function unblockCard(registry: CardRegistry, card: CardRecord, reasonText: string | undefined, now: Date): StatusResult {
  if (card.status === 'ACTIVE') return { cardId: card.cardId, status: 'ACTIVE', statusChangedAt: card.statusChangedAt };
  // Only the client's own block is lifted here; a block by the bank stays whatever is repeated.
  if (card.status !== 'BLOCKED' || card.blockReason !== 'CLIENT_REQUEST') throw invalidState(card, 'unblocked');
  registry.transition(card, 'ACTIVE', now, { reason: withText('Unblocked at the client request', reasonText) });
  return { cardId: card.cardId, status: 'ACTIVE', statusChangedAt: card.statusChangedAt };
}

/** The QA override: any status, no rules, pushed like any change. A staff action resets the activation lock. */
export function overrideStatus(
  registry: CardRegistry,
  orders: OrderBook,
  card: CardRecord,
  status: CardStatus,
  reason: string | undefined,
  blockReason: BlockReason | undefined,
  now: Date,
): CardRecord {
  card.failedActivations = 0;
  const text = reason ?? `Set to ${status} by the bank's staff`;
  registry.transition(card, status, now, {
    reason: status === 'BLOCKED' ? withText(blockReason ?? 'BANK_DECISION', reason) : text,
    ...(status === 'BLOCKED' ? { blockReason: blockReason ?? 'BANK_DECISION' } : {}),
    ...(reason ? { statusReason: reason } : {}),
  });
  if (registry.isFinal(card)) orders.cancelForCard(card.cardId, now, `Card became ${status} before delivery`);
  return card;
}

/** Cards past their expiry month become EXPIRED, as of the first instant after it. */
export function expireCards(registry: CardRegistry, orders: OrderBook, now: Date): void {
  for (const card of registry.allCards()) {
    if (registry.isFinal(card)) continue;
    const expiresAt = expiryInstant(card.expiry);
    if (expiresAt.getTime() > now.getTime()) continue;
    const at = expiresAt.getTime() < card.statusChangedAt.getTime() ? card.statusChangedAt : expiresAt;
    registry.transition(card, 'EXPIRED', at, { reason: `Expired at the end of ${card.expiry}` });
    orders.cancelForCard(card.cardId, at, 'The card expired before delivery');
  }
}
