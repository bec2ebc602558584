/**
 * The mock CRM (contract `crm`, wsdl/crm/v1/Crm.wsdl): state seeded from a Dataset, a
 * handler for every operation, and the QA fixtures the admin API exposes. Changes the
 * hub caches are pushed through `sink` as ClientDataChanged and ApplicationStatusChanged;
 * `snapshot` gives the whole current state in the same shapes, for the hub's initial load.
 */
import type { ChangeNotice, EventSink } from '../push/types.js';
import type { Dataset } from '../seed/dataset.js';
import type { Clock, ServiceHandlers } from '../server/types.js';
import { createCrmFixtures, type CrmFixtures } from './fixtures.js';
import { createCrmHandlers } from './handlers.js';
import { crmSnapshot } from './snapshot.js';
import { CrmState } from './state.js';

export interface CrmMockOptions {
  readonly dataset: Dataset;
  readonly sink: EventSink;
  readonly clock: Clock;
}

export interface CrmMock {
  readonly state: CrmState;
  readonly handlers: ServiceHandlers;
  readonly fixtures: CrmFixtures;
  /** The current state as change notices, one group per aggregate, read as they are pulled. */
  snapshot(): Iterable<readonly ChangeNotice[]>;
}

export function createCrmMock(options: CrmMockOptions): CrmMock {
  const state = new CrmState(options);
  return { state, handlers: createCrmHandlers(state), fixtures: createCrmFixtures(state), snapshot: () => crmSnapshot(state) };
}

export { CrmState } from './state.js';
export { createCrmHandlers } from './handlers.js';
export { createCrmFixtures, type CrmFixtures, type CreateClientInput, type NewDocumentInput } from './fixtures.js';
