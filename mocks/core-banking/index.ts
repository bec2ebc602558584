/**
 * The mock core banking system (ABS) behind wsdl/core-banking/v1/CoreBanking.wsdl:
 * its state built from a seeded Dataset, a handler for every operation, QA fixtures, and
 * the snapshot of its state for the hub's initial load.
 */
import type { ChangeNotice, EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import type { Clock, ServiceHandlers } from '../server/types.js';
import { createCoreBankingFixtures, type CoreBankingFixtures } from './fixtures.js';
import { createCoreBankingHandlers } from './handlers.js';
import { coreBankingSnapshot, type CoreBankingSnapshotOptions } from './snapshot.js';
import { CoreBankingState } from './state.js';

export { CoreBankingState, type CoreBankingOptions } from './state.js';
export type { CoreBankingFixtures } from './fixtures.js';
export { DEFAULT_RECENT_ENTRIES, type CoreBankingSnapshotOptions } from './snapshot.js';

export interface CoreBankingMock {
  readonly state: CoreBankingState;
  readonly handlers: ServiceHandlers;
  readonly fixtures: CoreBankingFixtures;
  /** The current state as change notices, one group per aggregate, read as they are pulled. */
  snapshot(options?: CoreBankingSnapshotOptions): Iterable<readonly ChangeNotice[]>;
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
  return {
    state,
    handlers: createCoreBankingHandlers(state),
    fixtures: createCoreBankingFixtures(state),
    snapshot: (snapshotOptions) => coreBankingSnapshot(state, snapshotOptions),
  };
}
