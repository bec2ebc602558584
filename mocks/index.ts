/**
 * Starts the three mock back offices (core banking, cards, CRM) on their own ports,
 * built from one seeded dataset, each pushing its changes to CacheControl when a push
 * endpoint is given, and on request a snapshot of its whole state first (the initial load
 * of the hub: pushSnapshot, or POST /admin/push/snapshot on a mock's port). Used by
 * `dbp-hub mocks` and, in-process, by tests.
 */
import { findContract, type ContractId } from '../common/contracts/catalog.js';
import { createCardsMock } from './cards/index.js';
import { createCoreBankingMock } from './core-banking/index.js';
import { createCrmMock } from './crm/index.js';
import { PushError } from './push/errors.js';
import { EventPublisher, type SourceSystem, type StreamReport } from './push/publisher.js';
import { SnapshotPusher, snapshotOptions, type SnapshotOptions } from './push/snapshot.js';
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
  /** The hub's largest accepted request body (its SOAP_MAX_BODY_BYTES); default 1 MiB. */
  readonly maxBatchBytes?: number;
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

export interface PushSnapshotOptions extends SnapshotOptions {
  /** The back offices whose state to push; default all three, at the same time. */
  readonly mocks?: readonly MockId[];
}

/** What each back office's snapshot pushed, once the hub acknowledged all of it. */
export type SnapshotReport = Partial<Readonly<Record<MockId, StreamReport>>>;

export interface RunningMocks {
  readonly dataset: Dataset;
  readonly mocks: Readonly<Record<MockId, RunningMock>>;
  readonly publishers: Readonly<Partial<Record<MockId, EventPublisher>>>;
  /**
   * Pushes the whole current state of the back offices (the hub's initial load) through
   * the same publishers as their live changes. Resolves when the hub acknowledged every
   * event; rejects with a PushError (PUSH_NOT_CONFIGURED without a push endpoint,
   * SNAPSHOT_RUNNING, INVALID_SNAPSHOT_OPTIONS, PUSH_REFUSED, SOURCE_FAILED, PUBLISHER_STOPPED)
   * after every snapshot it started has ended.
   */
  pushSnapshot(options?: PushSnapshotOptions): Promise<SnapshotReport>;
  stop(): Promise<void>;
}

export { PushError } from './push/errors.js';
export type { SnapshotOptions } from './push/snapshot.js';
export type { StreamReport } from './push/publisher.js';

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
      ...(options.push.maxBatchBytes === undefined ? {} : { maxBatchBytes: options.push.maxBatchBytes }),
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
  const snapshots: Readonly<Record<MockId, SnapshotPusher>> = {
    'core-banking': new SnapshotPusher('core-banking', (snapshot) => backOffices['core-banking'].snapshot(snapshot), publishers['core-banking']),
    cards: new SnapshotPusher('cards', () => backOffices.cards.snapshot(), publishers.cards),
    crm: new SnapshotPusher('crm', () => backOffices.crm.snapshot(), publishers.crm),
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
          push: { snapshot: async (input: unknown) => ({ mock: id, ...(await snapshots[id].push(snapshotOptions(input))) }) },
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
    pushSnapshot: async (pushOptions = {}) => {
      const { mocks: ids = MOCK_IDS, ...rest } = pushOptions;
      const parsed = snapshotOptions(rest);
      const strangers = ids.filter((id) => !MOCK_IDS.includes(id));
      if (strangers.length > 0) throw new PushError('INVALID_SNAPSHOT_OPTIONS', `unknown mock ${strangers.join(', ')}; known: ${MOCK_IDS.join(', ')}`);
      const chosen = MOCK_IDS.filter((id) => ids.includes(id));
      const outcomes = await Promise.allSettled(chosen.map((id) => snapshots[id].push(parsed)));
      const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return Object.fromEntries(chosen.map((id, index) => [id, (outcomes[index] as PromiseFulfilledResult<StreamReport>).value]));
    },
    stop: () =>
      (stopping ??= (async () => {
        // Stop taking requests first, then deliver what was already pushed; every step runs even if one fails.
        await Promise.allSettled(started.map((mock) => mock.stop()));
        await Promise.allSettled(Object.values(publishers).map((publisher) => publisher.stop()));
      })()),
  };
}
