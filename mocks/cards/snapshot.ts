/**
 * The card system's current state as change notices, for the hub's initial load: per card
 * a CardStatusChanged (with the reason of its last status change, as the live event of
 * that change carried it) followed by a TransactionPosted PENDING for each authorisation
 * it still holds, built by the same functions as the live changes (events.ts).
 *
 * One group per card, read when the publisher asks for it, so that the group's state and
 * its sequence numbers belong to the same instant.
 */
import type { ChangeNotice } from '../push/types.js';
import type { Clock } from '../server/types.js';
import { cardStatusNotice, transactionNotice } from './events.js';
import type { CardsState } from './state.js';

export function* cardsSnapshot(state: CardsState, clock: Clock): Generator<ChangeNotice[], void, undefined> {
  // Order steps, expiries and hold expiries due by now happen first (pushed as live changes).
  state.catchUp();
  const { registry, ledger } = state;
  for (const card of registry.allCards()) {
    const at = clock.now();
    const reason = card.history[card.history.length - 1]?.reason;
    yield [
      cardStatusNotice(card, registry.pans.masked(card.cardId), reason, at),
      ...ledger.heldOf(card.cardId).map((item) => transactionNotice(item, card.clientId, 'PENDING', at)),
    ];
  }
}
