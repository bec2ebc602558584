/**
 * Starts the three mock back offices (core banking, cards, CRM) on their own ports,
 * built from one seeded dataset, each pushing its changes to CacheControl when a push
 * endpoint is given. Used by `dbp-hub mocks` and, in-process, by tests.
 */
import { findContract, type ContractId } from '../common/contracts/catalog.js';
import { createCardsMock } from './cards/index.js';
import { createCoreBankingMock } from './core-banking/index.js';
import { createCrmMock } from './crm/index.js';
import { EventPublisher, type SourceSystem } from './push/publisher.js';
import { nullSink, type EventSink } from './push/types.js';
import type { Dataset } from './seed/dataset.js';
import { generateDataset } from './seed/generate.js';
import { chaosProfile, type FaultConfig } from './server/faults.js';
import { startMockServer, type RunningMock } from './server/mock-server.js';
import { systemClock, type Clock } from './server/types.js';

export type MockId = Exclude<ContractId, 'cache-control'>;
export const MOCK_IDS: readonly MockId[] = ['core-banking', 'cards', 'crm'];

const SOURCE_SYSTEMS: Readonly<Record<MockId, SourceSystem>> = { 'core-banking': 'CORE_BANKING', cards: 'CARDS', crm: 'CRM' };

export interface PushOptions {
  /** The CacheControl endpoint of the hub. */
  readonly endpoint: string;
  /** WS-Security credentials per back office; default username = mock id, password `<id>-dev-password`. */
  readonly credentials?: Partial<Readonly<Record<MockId, { readonly username: string; readonly password: string }>>>;
  readonly duplicateRate?: number;
  readonly reorderRate?: number;
  readonly onDeliveryError?: (error: unknown, attempt: number) => void;
}

export interface StartMocksOptions {
  /** Seeded clients; default 100. */
  readonly clients?: number;
  readonly seed?: number;
  /** Use this dataset instead of generating one. */
  readonly dataset?: Dataset;
  readonly host?: string;
  /** Port per mock; 0 or absent picks a free port. */
  readonly ports?: Partial<Readonly<Record<MockId, number>>>;
  readonly push?: PushOptions;
  /** A chaos profile or fault configuration applied to every mock at start. */
  readonly chaos?: string | FaultConfig;
  readonly clock?: Clock;
  readonly onError?: (error: unknown, operation: string) => void;
}

export interface RunningMocks {
  readonly dataset: Dataset;
  readonly mocks: Readonly<Record<MockId, RunningMock>>;
  readonly publishers: Readonly<Partial<Record<MockId, EventPublisher>>>;
  stop(): Promise<void>;
}

export class MockStartError extends Error {
  override readonly name = 'MockStartError';
}

export async function startMocks(options: StartMocksOptions = {}): Promise<RunningMocks> {
  const clock = options.clock ?? systemClock;
  const dataset = options.dataset ?? generateDataset({ clients: options.clients ?? 100, seed: options.seed ?? 1 });
  const faults = typeof options.chaos === 'string' ? chaosProfile(options.chaos, clock.now()) : options.chaos;
  if (typeof options.chaos === 'string' && !faults) throw new MockStartError(`unknown chaos profile ${options.chaos}`);

  const publishers: Partial<Record<MockId, EventPublisher>> = {};
  const sinkFor = (id: MockId): EventSink => {
    if (!options.push) return nullSink;
    const credentials = options.push.credentials?.[id] ?? { username: id, password: `${id}-dev-password` };
    const publisher = new EventPublisher({
      endpoint: options.push.endpoint,
      sourceSystem: SOURCE_SYSTEMS[id],
      username: credentials.username,
      password: credentials.password,
      clock,
      ...(options.push.duplicateRate === undefined ? {} : { duplicateRate: options.push.duplicateRate }),
      ...(options.push.reorderRate === undefined ? {} : { reorderRate: options.push.reorderRate }),
      ...(options.push.onDeliveryError ? { onDeliveryError: options.push.onDeliveryError } : {}),
    });
    publishers[id] = publisher;
    return publisher;
  };

  const backOffices = {
    'core-banking': createCoreBankingMock({ dataset, sink: sinkFor('core-banking'), clock }),
    cards: createCardsMock({ dataset, sink: sinkFor('cards'), clock }),
    crm: createCrmMock({ dataset, sink: sinkFor('crm'), clock }),
  };

  const started: RunningMock[] = [];
  try {
    for (const id of MOCK_IDS) {
      const backOffice = backOffices[id];
      started.push(
        await startMockServer({
          backOffice: { contract: findContract(id)!, handlers: backOffice.handlers, fixtures: backOffice.fixtures },
          clock,
          ...(options.host ? { host: options.host } : {}),
          ...(options.ports?.[id] === undefined ? {} : { port: options.ports[id] }),
          ...(faults ? { faults } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(started.map((mock) => mock.stop()));
    throw new MockStartError(`a mock back office could not start: ${(error as Error).message}`);
  }

  const mocks = Object.fromEntries(MOCK_IDS.map((id, index) => [id, started[index]!])) as Record<MockId, RunningMock>;
  let stopping: Promise<void> | undefined;
  return {
    dataset,
    mocks,
    publishers,
    stop: () =>
      (stopping ??= (async () => {
        // Stop taking requests first, then deliver what was already pushed; every step runs even if one fails.
        await Promise.allSettled(started.map((mock) => mock.stop()));
        await Promise.allSettled(Object.values(publishers).map((publisher) => publisher.stop()));
      })()),
  };
}
