/**
 * The mock card processing system (contract `cards`, wsdl/cards/v1/Cards.wsdl): its state
 * built from a Dataset, a handler for every operation, and the QA fixtures. Changes are
 * pushed to the hub through `sink` (CardStatusChanged, TransactionPosted); `snapshot`
 * gives the whole current state in the same shapes, for the hub's initial load.
 */
import type { ChangeNotice, EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import type { Clock, ServiceHandlers } from '../server/types.js';
import { createCardsFixtures, type CardsFixtures } from './fixtures.js';
import { createCardsHandlers } from './handlers.js';
import { cardsSnapshot } from './snapshot.js';
import { CardsState } from './state.js';

export interface CardsMockOptions {
  readonly dataset: Dataset;
  readonly sink: EventSink;
  readonly clock: Clock;
}

export interface CardsMock {
  readonly state: CardsState;
  readonly handlers: ServiceHandlers;
  readonly fixtures: CardsFixtures;
  /** The current state as change notices, one group per card, read as they are pulled. */
  snapshot(): Iterable<readonly ChangeNotice[]>;
}

export function createCardsMock({ dataset, sink, clock }: CardsMockOptions): CardsMock {
  const state = new CardsState(dataset, sink, clock);
  return { state, handlers: createCardsHandlers(state), fixtures: createCardsFixtures(state), snapshot: () => cardsSnapshot(state, clock) };
}

export { CardsState } from './state.js';
export { createCardsHandlers } from './handlers.js';
export type { CardsFixtures, AuthoriseInput, AuthoriseAnswer } from './fixtures.js';
