/**
 * The mock core banking system (ABS) behind wsdl/core-banking/v1/CoreBanking.wsdl:
 * its state built from a seeded Dataset, a handler for every operation, and QA fixtures.
 */
import type { EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import type { Clock, ServiceHandlers } from '../server/types.js';
import { createCoreBankingFixtures, type CoreBankingFixtures } from './fixtures.js';
import { createCoreBankingHandlers } from './handlers.js';
import { CoreBankingState } from './state.js';

export { CoreBankingState, type CoreBankingOptions } from './state.js';
export type { CoreBankingFixtures } from './fixtures.js';

export interface CoreBankingMock {
  readonly state: CoreBankingState;
  readonly handlers: ServiceHandlers;
  readonly fixtures: CoreBankingFixtures;
}

export function createCoreBankingMock(options: {
  readonly dataset: Dataset;
  readonly sink: EventSink;
  readonly clock: Clock;
  /** How long an external transfer stays ACCEPTED before it settles (default 30 s). */
  readonly settlementDelayMs?: number;
  /** How long a conversion quote is valid (default 5 min). */
  readonly quoteValidityMs?: number;
}): CoreBankingMock {
  const state = new CoreBankingState(options);
  return { state, handlers: createCoreBankingHandlers(state), fixtures: createCoreBankingFixtures(state) };
}
